using Grpc.Core;
using Pravega.Perf.Controller.Contracts.V1;

namespace Pravega.Perf.Controller.Server.Grpc;

internal sealed partial class ControllerGrpcService
{
    public override async Task<CreateReaderGroupResponse> createReaderGroup(Contracts.V1.ReaderGroupConfiguration request, ServerCallContext context)
    {
        RpcArguments.NonEmpty(request.Scope, "scope");
        RpcArguments.NonEmpty(request.ReaderGroupName, "readerGroupName");
        var result = await runtime.ReaderGroups.CreateReaderGroupAsync(ProtoMapping.ToModel(request), context.CancellationToken).ConfigureAwait(false);
        return result.Status switch
        {
            OperationStatus.Success => new CreateReaderGroupResponse { Status = CreateReaderGroupResponse.Types.Status.Success, Config = ProtoMapping.ToProto(result.Value!) },
            OperationStatus.ScopeNotFound => new CreateReaderGroupResponse { Status = CreateReaderGroupResponse.Types.Status.ScopeNotFound },
            OperationStatus.InvalidName => new CreateReaderGroupResponse { Status = CreateReaderGroupResponse.Types.Status.InvalidRgName },
            OperationStatus.InvalidConfiguration => throw RpcArguments.Invalid(result.Message!),
            _ => new CreateReaderGroupResponse { Status = CreateReaderGroupResponse.Types.Status.Failure },
        };
    }

    public override async Task<ReaderGroupConfigResponse> getReaderGroupConfig(ReaderGroupInfo request, ServerCallContext context)
    {
        var result = await runtime.ReaderGroups.GetConfigurationAsync(RpcArguments.NonEmpty(request.Scope, "scope"),
            RpcArguments.NonEmpty(request.ReaderGroup, "readerGroup"), context.CancellationToken).ConfigureAwait(false);
        return result.IsSuccess
            ? new ReaderGroupConfigResponse { Status = ReaderGroupConfigResponse.Types.Status.Success, Config = ProtoMapping.ToProto(result.Value!) }
            : new ReaderGroupConfigResponse { Status = ReaderGroupConfigResponse.Types.Status.RgNotFound };
    }

    public override async Task<UpdateReaderGroupResponse> updateReaderGroup(Contracts.V1.ReaderGroupConfiguration request, ServerCallContext context)
    {
        RpcArguments.NonEmpty(request.Scope, "scope");
        RpcArguments.NonEmpty(request.ReaderGroupName, "readerGroupName");
        var result = await runtime.ReaderGroups.UpdateReaderGroupAsync(ProtoMapping.ToModel(request), context.CancellationToken).ConfigureAwait(false);
        return new UpdateReaderGroupResponse
        {
            Generation = result.IsSuccess ? result.Value : request.Generation,
            Status = result.Status switch
            {
                OperationStatus.Success => UpdateReaderGroupResponse.Types.Status.Success,
                OperationStatus.ReaderGroupNotFound => UpdateReaderGroupResponse.Types.Status.RgNotFound,
                OperationStatus.InvalidConfiguration => UpdateReaderGroupResponse.Types.Status.InvalidConfig,
                _ => UpdateReaderGroupResponse.Types.Status.Failure,
            },
        };
    }

    public override async Task<DeleteReaderGroupStatus> deleteReaderGroup(ReaderGroupInfo request, ServerCallContext context)
    {
        var result = await runtime.ReaderGroups.DeleteReaderGroupAsync(RpcArguments.NonEmpty(request.Scope, "scope"),
            RpcArguments.NonEmpty(request.ReaderGroup, "readerGroup"), request.ReaderGroupId, context.CancellationToken).ConfigureAwait(false);
        return new DeleteReaderGroupStatus
        {
            Status = result.Status switch
            {
                OperationStatus.Success => DeleteReaderGroupStatus.Types.Status.Success,
                OperationStatus.ReaderGroupNotFound => DeleteReaderGroupStatus.Types.Status.RgNotFound,
                _ => DeleteReaderGroupStatus.Types.Status.Failure,
            },
        };
    }

    public override async Task<SubscribersResponse> listSubscribers(StreamInfo request, ServerCallContext context)
    {
        var (scope, stream) = RpcArguments.Stream(request);
        if (await runtime.Streams.GetStreamAsync(scope, stream, context.CancellationToken).ConfigureAwait(false) is null)
        {
            return new SubscribersResponse { Status = SubscribersResponse.Types.Status.StreamNotFound };
        }
        var response = new SubscribersResponse { Status = SubscribersResponse.Types.Status.Success };
        response.Subscribers.AddRange(await runtime.ReaderGroups.ListSubscribersAsync(scope, stream, context.CancellationToken).ConfigureAwait(false));
        return response;
    }

    public override async Task<UpdateSubscriberStatus> updateSubscriberStreamCut(SubscriberStreamCut request, ServerCallContext context)
    {
        var (scope, stream) = RpcArguments.Stream(request.StreamCut?.StreamInfo, "streamCut.streamInfo");
        var status = await runtime.ReaderGroups.UpdateSubscriberStreamCutAsync(scope, stream, RpcArguments.NonEmpty(request.Subscriber, "subscriber"),
            request.ReaderGroupId, request.Generation, request.StreamCut!.Cut, context.CancellationToken).ConfigureAwait(false);
        return new UpdateSubscriberStatus
        {
            Status = status switch
            {
                OperationStatus.Success => UpdateSubscriberStatus.Types.Status.Success,
                OperationStatus.StreamNotFound => UpdateSubscriberStatus.Types.Status.StreamNotFound,
                OperationStatus.ReaderGroupNotFound => UpdateSubscriberStatus.Types.Status.SubscriberNotFound,
                OperationStatus.GenerationMismatch => UpdateSubscriberStatus.Types.Status.GenerationMismatch,
                OperationStatus.StreamCutNotValid => UpdateSubscriberStatus.Types.Status.StreamCutNotValid,
                _ => UpdateSubscriberStatus.Types.Status.Failure,
            },
        };
    }
}
