using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Logging;

namespace Pravega.Perf.Controller.Server.Grpc;

/// <summary>
/// Turns what escapes an RPC into a gRPC status a client can act on: an unreachable segment store is UNAVAILABLE (retry
/// later), a workflow beaten by concurrent changes ABORTED (retry), bad input INVALID_ARGUMENT, anything else INTERNAL
/// with its message and a log line. The server stays up whatever a call does.
/// </summary>
internal sealed partial class ExceptionMappingInterceptor(ILogger<ExceptionMappingInterceptor> logger) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context,
        UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context).ConfigureAwait(false);
        }
        catch (RpcException)
        {
            throw;
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            throw new RpcException(new Status(StatusCode.Cancelled, "the call was cancelled"));
        }
        catch (Exception e) when (ControllerErrors.IsUnavailable(e))
        {
            LogUnavailable(logger, context.Method, e.Message);
            throw new RpcException(new Status(StatusCode.Unavailable, "segment store unavailable: " + e.Message));
        }
        catch (Exception e) when (ControllerErrors.IsConflict(e))
        {
            throw new RpcException(new Status(StatusCode.Aborted, "concurrent modification, retry: " + e.Message));
        }
        catch (ArgumentException e)
        {
            throw RpcArguments.Invalid(e.Message);
        }
        catch (Exception e)
        {
            LogFailed(logger, e, context.Method);
            throw new RpcException(new Status(StatusCode.Internal, $"{e.GetType().Name}: {e.Message}"));
        }
    }

    [LoggerMessage(200, LogLevel.Warning, "{Method}: segment store unavailable: {Reason}")]
    private static partial void LogUnavailable(ILogger logger, string method, string reason);

    [LoggerMessage(201, LogLevel.Error, "{Method} failed")]
    private static partial void LogFailed(ILogger logger, Exception exception, string method);
}
