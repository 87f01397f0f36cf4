using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Pravega.Perf.Client;
using Pravega.Perf.Client.Admin;
using Pravega.Perf.Client.Readers;
using Pravega.Perf.Client.Streams;
using Pravega.Perf.Client.Writers;

namespace Pravega.Perf.Cli.Demo;

/// <summary>
/// <c>pravega demo pipeline-bench</c>: the pipeline's speed on fresh streams (bench/README.md "pipeline"). Two figures:
/// end-to-end throughput (a backlog of --events in the input, from the job's start until the last result is visible in
/// the output), then the delay from an event written to the input to its result visible to a reader of the output
/// (events at --rate for --seconds; p50, p99, max). The job runs in this process, exactly as <c>demo pipeline</c> runs it.
/// </summary>
internal static class PipelineBench
{
    private const int Keys = 16;

    public static Command Build()
    {
        var common = new DemoCommand.CommonOptions();
        var events = new Option<int>("--events") { Description = "Backlog events for the throughput figure.", DefaultValueFactory = _ => 100_000 };
        var rate = new Option<int>("--rate") { Description = "Events per second for the latency figure.", DefaultValueFactory = _ => 2000 };
        var seconds = new Option<int>("--seconds") { Description = "How long the latency figure writes.", DefaultValueFactory = _ => 10 };
        var command = new Command("pipeline-bench", "Measure the exactly-once pipeline: throughput and write-to-visible delay, on new streams of --scope.") { events, rate, seconds };
        common.AddTo(command);
        command.SetAction((parse, cancellationToken) => DemoCommand.RunAsync(parse, (client, stop) =>
            RunAsync(client, parse.GetValue(common.Scope)!, common.CheckpointInterval(parse), parse.GetValue(events), parse.GetValue(rate), parse.GetValue(seconds), stop),
            common, cancellationToken));
        return command;
    }

    private static async Task RunAsync(ClientConfig client, string scope, TimeSpan interval, int backlog, int rate, int seconds, CancellationToken cancellationToken)
    {
        if (backlog < 1 || rate < 1 || seconds < 1)
        {
            throw new DemoException(Verbs.ExitCodes.BadArguments, "--events, --rate and --seconds must be positive");
        }
        var run = Guid.NewGuid().ToString("N")[..8];
        var settings = new PipelineSettings(client, scope, "bench-a-" + run, "bench-b-" + run, interval, "bench-" + run);
        await using (var streams = new StreamManager(client))
        {
            await streams.CreateScopeAsync(scope, cancellationToken).ConfigureAwait(false);
            foreach (var name in new[] { settings.Input, settings.Output })
            {
                await streams.CreateStreamAsync(scope, name, new StreamConfiguration { Scaling = ScalingPolicy.Fixed(4) }, cancellationToken).ConfigureAwait(false);
            }
        }
        await using var factory = EventStreamClientFactory.WithScope(scope, client);
        await using var writer = await factory.CreateEventWriterAsync(settings.Input, new Utf8StringSerializer(), cancellationToken).ConfigureAwait(false);
        for (var i = 0; i < backlog; i++)
        {
            // Body 0: a backlog event, not timed.
            _ = writer.WriteEventAsync($"k{i % Keys}", $"k{i % Keys}:{i}:0", cancellationToken);
        }
        await writer.FlushAsync().ConfigureAwait(false);
        Console.WriteLine($"{backlog} events in {settings.InputStream}; starting the job (checkpoint interval {interval.TotalMilliseconds:F0} ms)");

        using var stopJob = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        await using var job = await PipelineJob.OpenAsync(settings, TextWriter.Null, cancellationToken).ConfigureAwait(false);
        var started = Stopwatch.GetTimestamp();
        var running = job.RunAsync(stopJob.Token);
        var output = new OutputReader(factory, backlog, rate * seconds);
        await using (var groups = ReaderGroupManager.WithScope(scope, client))
        {
            await groups.CreateReaderGroupAsync("bench-out-" + run, ReaderGroupConfig.ForStream(new ScopedStream(scope, settings.Output)), cancellationToken).ConfigureAwait(false);
        }
        var reading = output.RunAsync("bench-out-" + run, running, cancellationToken);
        await output.BacklogDone.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        var elapsed = Stopwatch.GetElapsedTime(started, output.BacklogDoneAt);
        Console.WriteLine($"throughput: {backlog} events through the pipeline in {elapsed.TotalSeconds:F2} s = {backlog / elapsed.TotalSeconds:F0} events/s end to end");

        // Paced writes, each carrying the time it was written at, so the output reader can time it.
        var pace = Stopwatch.StartNew();
        for (var i = 0; i < rate * seconds; i++)
        {
            var due = TimeSpan.FromSeconds((double)i / rate);
            if (due > pace.Elapsed)
            {
                await Task.Delay(due - pace.Elapsed, cancellationToken).ConfigureAwait(false);
            }
            _ = writer.WriteEventAsync($"k{i % Keys}", $"k{i % Keys}:{i}:{Stopwatch.GetTimestamp()}", cancellationToken);
        }
        await writer.FlushAsync().ConfigureAwait(false);
        var delays = await reading.ConfigureAwait(false);
        await stopJob.CancelAsync().ConfigureAwait(false);
        await running.ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false);
        delays.Sort();
        Console.WriteLine($"latency (written to A → visible in B), {delays.Count} events at {rate}/s, checkpoint interval {interval.TotalMilliseconds:F0} ms: " +
            $"p50 {Percentile(delays, 0.50):F0} ms, p99 {Percentile(delays, 0.99):F0} ms, max {delays[^1]:F0} ms");
    }

    private static double Percentile(List<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)(p * sorted.Count))];

    /// <summary>Reads the output stream (only committed transactions are visible) and times the paced events.</summary>
    private sealed class OutputReader(EventStreamClientFactory factory, int backlog, int paced)
    {
        public TaskCompletionSource BacklogDone { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public long BacklogDoneAt { get; private set; }

        public async Task<List<double>> RunAsync(string group, Task job, CancellationToken cancellationToken)
        {
            await using var reader = await factory.CreateReaderAsync("bench-reader", group, new Utf8StringSerializer(), cancellationToken).ConfigureAwait(false);
            var delays = new List<double>(paced);
            var seen = 0;
            while (delays.Count < paced)
            {
                if (job.IsFaulted)
                {
                    await job.ConfigureAwait(false);   // the job's failure, not a silent hang
                }
                var read = await reader.ReadNextEventAsync(TimeSpan.FromMilliseconds(200), cancellationToken).ConfigureAwait(false);
                if (!read.HasEvent)
                {
                    continue;
                }
                var now = Stopwatch.GetTimestamp();
                var body = read.Event!;
                var written = long.Parse(body[(body.LastIndexOf(':') + 1)..^Transform.Suffix.Length], CultureInfo.InvariantCulture);
                if (written != 0)
                {
                    delays.Add(Stopwatch.GetElapsedTime(written, now).TotalMilliseconds);
                }
                else if (++seen == backlog)
                {
                    BacklogDoneAt = now;
                    BacklogDone.SetResult();
                }
            }
            return delays;
        }
    }
}
