using Pravega.Perf.Client;
using Pravega.Perf.Client.Streams;

namespace Pravega.Perf.Cli.Demo;

/// <summary>What <c>pravega demo pipeline</c> was asked to do.</summary>
internal sealed record PipelineSettings(ClientConfig Client, string Scope, string Input, string Output, TimeSpan CheckpointInterval, string JobName)
{
    public ScopedStream InputStream => new(Scope, Input);

    /// <summary>The job's durable state (<see cref="JobState"/>) lives in this single-segment stream of the scope.</summary>
    public string StateStream => JobName + "-state";

    /// <summary>The reader group is named after the job, so a restarted job finds its group again.</summary>
    public string ReaderGroup => JobName;

    /// <summary>One reader per job process; the same id on every run, taken offline at recovery.</summary>
    public string ReaderId => JobName + "-reader";

    public string CheckpointName(long id) => $"{JobName}-{id}";
}
