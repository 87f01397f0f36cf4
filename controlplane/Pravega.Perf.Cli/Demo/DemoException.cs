using Pravega.Perf.Cli.Verbs;
using Pravega.Perf.Client.Admin;
using Pravega.Perf.Client.Control;
using Pravega.Perf.Client.Readers;
using Pravega.Perf.Client.Segments;
using Pravega.Perf.Client.Transactions;

namespace Pravega.Perf.Cli.Demo;

/// <summary>A failure the user can act on, with the exit code (<see cref="ExitCodes"/>) and the one line that says what to do.</summary>
internal sealed class DemoException(int exitCode, string message) : Exception(message)
{
    public int ExitCode { get; } = exitCode;

    public static async Task RequireStreamsAsync(StreamManager streams, string scope, IEnumerable<string> names, CancellationToken cancellationToken)
    {
        if (!await streams.CheckScopeExistsAsync(scope, cancellationToken).ConfigureAwait(false))
        {
            throw new DemoException(ExitCodes.NotFound, $"scope '{scope}' does not exist: create it first (or pass --scope)");
        }
        foreach (var name in names)
        {
            if (!await streams.CheckStreamExistsAsync(scope, name, cancellationToken).ConfigureAwait(false))
            {
                throw new DemoException(ExitCodes.NotFound, $"stream '{scope}/{name}' does not exist: create it first (or pass --input/--output)");
            }
        }
    }

    /// <summary>The exit code and message for what ended a demo: never a stack trace at the user.</summary>
    public static (int ExitCode, string Message) Classify(Exception error, Uri controller) => error switch
    {
        AggregateException { InnerExceptions: [var inner] } => Classify(inner, controller),
        DemoException d => (d.ExitCode, d.Message),
        ControllerUnavailableException => (ExitCodes.Unreachable,
            $"cannot reach the controller at {controller}: start one with `pravega standalone`, or pass --controller"),
        SegmentStoreUnavailableException => (ExitCodes.Unreachable, $"cannot reach a segment store ({error.Message}): is the standalone running?"),
        ReaderGroupNotFoundException => (ExitCodes.NotFound, $"{error.Message}: the job's reader group was deleted; start the job again"),
        ArgumentException => (ExitCodes.BadArguments, $"{error.Message}: see --help"),
        ControllerFailureException or TransactionFailedException or TransactionNotFoundException or SegmentStoreClientException =>
            (ExitCodes.ServerFailure, $"the server refused: {error.Message}"),
        _ => (ExitCodes.InternalError, $"internal error ({error.GetType().Name}): {error.Message}"),
    };
}
