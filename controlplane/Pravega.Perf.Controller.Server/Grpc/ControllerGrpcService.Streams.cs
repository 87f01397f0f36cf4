using Grpc.Core;
using Pravega.Perf.Controller.Contracts.V1;

namespace Pravega.Perf.Controller.Server.Grpc;

internal sealed partial class ControllerGrpcService
{
    public override async Task<CreateStreamStatus> createStream(StreamConfig request, ServerCallContext context)
    {
        var (scope, stream) = RpcArguments.Stream(request.StreamInfo);
        var result = await runtime.Streams.CreateStreamAsync(scope, stream, ProtoMapping.ToModel(request), context.CancellationToken).ConfigureAwait(false);
        return new CreateStreamStatus
        {
            Status = result.Status switch
            {
                OperationStatus.Success => CreateStreamStatus.Types.Status.Success,
                OperationStatus.StreamExists => CreateStreamStatus.Types.Status.StreamExists,
                OperationStatus.ScopeNotFound => CreateStreamStatus.Types.Status.ScopeNotFound,
                OperationStatus.InvalidName => CreateStreamStatus.Types.Status.InvalidStreamName,
                OperationStatus.InvalidArgument => throw RpcArguments.Invalid(result.Message!),
                _ => CreateStreamStatus.Types.Status.Failure,
            },
        };
    }

    public override async Task<UpdateStreamStatus> updateStream(StreamConfig request, ServerCallContext context)
    {
        var (scope, stream) = RpcArguments.Stream(request.StreamInfo);
        return await UpdateStatusAsync(runtime.Streams.UpdateStreamAsync(scope, stream, ProtoMapping.ToModel(request), context.CancellationToken))
            .ConfigureAwait(false);
    }

    public override async Task<UpdateStreamStatus> truncateStream(StreamCut request, ServerCallContext context)
    {
        var (scope, stream) = RpcArguments.Stream(request.StreamInfo);
        return await UpdateStatusAsync(runtime.Streams.TruncateStreamAsync(scope, stream, ProtoMapping.ToModel(request.Cut), context.CancellationToken))
            .ConfigureAwait(false);
    }

    public override async Task<UpdateStreamStatus> sealStream(StreamInfo request, ServerCallContext context)
    {
        var (scope, stream) = RpcArguments.Stream(request);
        return await UpdateStatusAsync(runtime.Streams.SealStreamAsync(scope, stream, context.CancellationToken)).ConfigureAwait(false);
    }

    public override async Task<DeleteStreamStatus> deleteStream(StreamInfo request, ServerCallContext context)
    {
        var (scope, stream) = RpcArguments.Stream(request);
        var result = await runtime.Streams.DeleteStreamAsync(scope, stream, context.CancellationToken).ConfigureAwait(false);
        return new DeleteStreamStatus
        {
            Status = result.Status switch
            {
                OperationStatus.Success => DeleteStreamStatus.Types.Status.Success,
                OperationStatus.StreamNotFound => DeleteStreamStatus.Types.Status.StreamNotFound,
                OperationStatus.StreamNotSealed => DeleteStreamStatus.Types.Status.StreamNotSealed,
                _ => DeleteStreamStatus.Types.Status.Failure,
            },
        };
    }

    public override async Task<ExistsResponse> checkStreamExists(StreamInfo request, ServerCallContext context)
    {
        var (scope, stream) = RpcArguments.Stream(request);
        return new ExistsResponse { Exists = await runtime.Streams.GetStreamAsync(scope, stream, context.CancellationToken).ConfigureAwait(false) is not null };
    }

    public override async Task<StreamConfig> getStreamConfiguration(StreamInfo request, ServerCallContext context)
    {
        var (scope, stream) = RpcArguments.Stream(request);
        var view = await runtime.Streams.GetStreamAsync(scope, stream, context.CancellationToken).ConfigureAwait(false)
            ?? throw RpcArguments.NotFound($"stream '{scope}/{stream}' does not exist");
        return ProtoMapping.ToProto(scope, stream, view.Head.Configuration);
    }

    public override async Task<ScaleResponse> scale(ScaleRequest request, ServerCallContext context)
    {
        var (scope, stream) = RpcArguments.Stream(request.StreamInfo);
        var ranges = request.NewKeyRanges.Select(r => new Model.KeyRange(r.Start, r.End)).ToList();
        var outcome = await runtime.Streams.ScaleAsync(scope, stream, request.SealedSegments.ToList(), ranges, request.ScaleTimestamp, context.CancellationToken)
            .ConfigureAwait(false);
        var response = new ScaleResponse
        {
            Epoch = outcome.Epoch,
            Status = outcome.Status switch
            {
                OperationStatus.Success => ScaleResponse.Types.ScaleStreamStatus.Started,
                OperationStatus.PreconditionFailed => ScaleResponse.Types.ScaleStreamStatus.PreconditionFailed,
                _ => ScaleResponse.Types.ScaleStreamStatus.Failure,
            },
        };
        response.Segments.AddRange(outcome.NewSegments.Select(s => ProtoMapping.ToProto(scope, stream, s)));
        return response;
    }

    public override async Task<ScaleStatusResponse> checkScale(ScaleStatusRequest request, ServerCallContext context)
    {
        var (scope, stream) = RpcArguments.Stream(request.StreamInfo);
        var progress = await runtime.Streams.CheckScaleAsync(scope, stream, request.Epoch, context.CancellationToken).ConfigureAwait(false);
        return new ScaleStatusResponse { Status = (ScaleStatusResponse.Types.ScaleStatus)(int)progress };
    }

    private static async Task<UpdateStreamStatus> UpdateStatusAsync(Task<OperationResult<bool>> operation)
    {
        var result = await operation.ConfigureAwait(false);
        return new UpdateStreamStatus
        {
            Status = result.Status switch
            {
                OperationStatus.Success => UpdateStreamStatus.Types.Status.Success,
                OperationStatus.StreamNotFound => UpdateStreamStatus.Types.Status.StreamNotFound,
                OperationStatus.ScopeNotFound => UpdateStreamStatus.Types.Status.ScopeNotFound,
                OperationStatus.StreamSealed => UpdateStreamStatus.Types.Status.StreamSealed,
                OperationStatus.InvalidArgument => throw RpcArguments.Invalid(result.Message!),
                _ => UpdateStreamStatus.Types.Status.Failure,
            },
        };
    }
}
