using Pravega.Perf.Client.Admin;

namespace Pravega.Perf.Cli.Verbs;

/// <summary>Existence checks before a verb acts, so "no such scope / stream" is exit code 4 with a hint, whatever the call.</summary>
internal static class StreamLookup
{
    public static async Task RequireScopeAsync(StreamManager streams, string scope, CancellationToken cancellationToken)
    {
        if (!await streams.CheckScopeExistsAsync(scope, cancellationToken).ConfigureAwait(false))
        {
            throw VerbFailure.NotFound($"scope {scope} does not exist; create it with 'pravega scope create {scope}'");
        }
    }

    public static async Task RequireStreamAsync(StreamManager streams, string scope, string stream, CancellationToken cancellationToken)
    {
        await RequireScopeAsync(streams, scope, cancellationToken).ConfigureAwait(false);
        if (!await streams.CheckStreamExistsAsync(scope, stream, cancellationToken).ConfigureAwait(false))
        {
            throw VerbFailure.NotFound($"stream {scope}/{stream} does not exist; create it with 'pravega stream create {scope}/{stream}'");
        }
    }
}
