using System.Net.Sockets;
using Grpc.Core;
using Pravega.Perf.Client.Control;
using Pravega.Perf.Client.Readers;
using Pravega.Perf.Client.Segments;
using Pravega.Perf.Client.Tables;
using Pravega.Perf.Client.Transactions;

namespace Pravega.Perf.Cli.Verbs;

/// <summary>
/// Turns what a verb threw into an exit code (<see cref="ExitCodes"/>) and one line on stderr that says what to do:
/// users see no stack traces, scripts branch on the code.
/// </summary>
internal static class ErrorMapping
{
    /// <summary>Runs <paramref name="verb"/>, maps any failure, and returns the exit code.</summary>
    public static async Task<int> RunAsync(Func<Task<int>> verb, CancellationToken cancellationToken)
    {
        try
        {
            return await verb().ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Ctrl+C ends a follow or a long write on purpose: what was done so far stands.
            return ExitCodes.Success;
        }
        catch (Exception e)
        {
            var (code, message) = Map(e);
            await Console.Error.WriteLineAsync($"pravega: {message}").ConfigureAwait(false);
            return code;
        }
    }

    /// <summary>The exit code and message for <paramref name="failure"/>, looking through wrappers to the cause.</summary>
    public static (int Code, string Message) Map(Exception failure)
    {
        // A port in use hides under the host's IOException (Kestrel's AddressInUseException, or the store's socket's).
        if (Chain(failure).FirstOrDefault(e => e is SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse } || e.GetType().Name == "AddressInUseException") is { } inUse)
        {
            return (ExitCodes.LocalResource, $"a port is already in use ({OneLine(inUse.Message)}); stop the other process or choose another port (--port, --segmentstore-port)");
        }
        foreach (var e in Chain(failure))
        {
            switch (e)
            {
                case VerbFailure verb:
                    return (verb.ExitCode, verb.Message);
                case ControllerUnavailableException:
                case RpcException { StatusCode: StatusCode.Unavailable or StatusCode.DeadlineExceeded }:
                    return (ExitCodes.Unreachable, $"the controller did not answer ({OneLine(e.Message)}); start it with 'pravega standalone' or check --controller");
                case SegmentStoreUnavailableException:
                    return (ExitCodes.Unreachable, $"a segment store did not answer ({OneLine(e.Message)}); check that it runs and is reachable from here");
                case ReaderGroupNotFoundException:
                case KeyValueTableNotFoundException:
                case SegmentNotFoundException:
                case TransactionNotFoundException:
                    return (ExitCodes.NotFound, $"{OneLine(e.Message)}; list what exists with the 'list' verbs");
                case UnauthorizedAccessException:
                case IOException when e is not EndOfStreamException:
                    return (ExitCodes.LocalResource, $"a local file or folder is unusable ({OneLine(e.Message)}); choose a writable --data-dir");
                case ArgumentException:
                    return (ExitCodes.BadArguments, $"{OneLine(e.Message)}; see --help");
                case ControllerFailureException:
                case ConditionalTableUpdateException:
                case SegmentStoreClientException:
                case InvalidOperationException:
                case RpcException:
                    return (ExitCodes.ServerFailure, $"the server refused: {OneLine(e.Message)}");
            }
        }
        return (ExitCodes.InternalError, $"internal error ({failure.GetType().Name}: {OneLine(failure.Message)}); please report it");
    }

    private static IEnumerable<Exception> Chain(Exception failure)
    {
        for (Exception? e = failure; e is not null; e = e is AggregateException { InnerExceptions.Count: 1 } one ? one.InnerExceptions[0] : e.InnerException)
        {
            yield return e;
        }
    }

    private static string OneLine(string message) => message.ReplaceLineEndings(" ").Trim();
}
