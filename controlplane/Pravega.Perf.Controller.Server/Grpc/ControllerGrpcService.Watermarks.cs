using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Pravega.Perf.Controller.Contracts.V1;
using Pravega.Perf.Controller.Watermarks;

namespace Pravega.Perf.Controller.Server.Grpc;

internal sealed partial class ControllerGrpcService
{
    /// <summary>
    /// A writer's time and position (Pravega's writers call it from <c>noteTime</c>). A stream that does not exist is
    /// INVALID_POSITION: the position names no stream, and the status set has no better answer. Anything unexpected is
    /// INTERNAL_ERROR, which Pravega's writer logs and goes on from, as the RPC defines.
    /// </summary>
    public override async Task<TimestampResponse> noteTimestampFromWriter(TimestampFromWriter request, ServerCallContext context)
    {
        var writer = RpcArguments.NonEmpty(request.Writer, "writer");
        var (scope, stream) = RpcArguments.Stream(request.Position?.StreamInfo, "position.streamInfo");
        var status = await WatermarkCallAsync(w => w.NoteTimeAsync(scope, stream, writer, request.Timestamp, request.Position!.Cut, context.CancellationToken),
            context).ConfigureAwait(false);
        return new TimestampResponse
        {
            Result = status switch
            {
                WriterMarkStatus.Success => TimestampResponse.Types.Status.Success,
                WriterMarkStatus.InvalidTime => TimestampResponse.Types.Status.InvalidTime,
                WriterMarkStatus.InvalidPosition or WriterMarkStatus.StreamNotFound => TimestampResponse.Types.Status.InvalidPosition,
                _ => TimestampResponse.Types.Status.InternalError,
            },
        };
    }

    public override async Task<RemoveWriterResponse> removeWriter(RemoveWriterRequest request, ServerCallContext context)
    {
        var writer = RpcArguments.NonEmpty(request.Writer, "writer");
        var (scope, stream) = RpcArguments.Stream(request.Stream, "stream");
        var status = await WatermarkCallAsync(w => w.RemoveWriterAsync(scope, stream, writer, context.CancellationToken), context).ConfigureAwait(false);
        return new RemoveWriterResponse
        {
            Result = status switch
            {
                WriterMarkStatus.Success => RemoveWriterResponse.Types.Status.Success,
                WriterMarkStatus.UnknownWriter => RemoveWriterResponse.Types.Status.UnknownWriter,
                WriterMarkStatus.StreamNotFound => RemoveWriterResponse.Types.Status.StreamDoesNotExist,
                _ => RemoveWriterResponse.Types.Status.InternalError,
            },
        };
    }

    /// <summary>Runs a call on the watermark service; a failure is answered as the RPCs' INTERNAL_ERROR (null here), not as a gRPC error.</summary>
    private async Task<WriterMarkStatus?> WatermarkCallAsync(Func<WatermarkService, Task<WriterMarkStatus>> call, ServerCallContext context)
    {
        var watermarks = runtime.Watermarks ?? throw new RpcException(new Status(StatusCode.Unimplemented, "this controller was built without a mark-stream log"));
        try
        {
            return await call(watermarks).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !context.CancellationToken.IsCancellationRequested)
        {
            var logger = context.GetHttpContext().RequestServices.GetRequiredService<ILogger<ControllerGrpcService>>();
            LogWatermarkCallFailed(logger, e, context.Method);
            return null;
        }
    }

    [LoggerMessage(210, LogLevel.Warning, "{Method} failed; answered INTERNAL_ERROR")]
    private static partial void LogWatermarkCallFailed(ILogger logger, Exception exception, string method);
}
