using Grpc.Core;
using Pravega.Perf.Controller.Contracts.V1;
using Pravega.Perf.Controller.Streams;

namespace Pravega.Perf.Controller.Server.Grpc;

internal sealed partial class ControllerGrpcService
{
    /// <summary>Every client calls this before it writes: served from memory.</summary>
    public override async Task<SegmentRanges> getCurrentSegments(StreamInfo request, ServerCallContext context)
    {
        var (scope, stream) = RpcArguments.Stream(request);
        var view = await RequireStreamAsync(scope, stream, context).ConfigureAwait(false);
        return Ranges(scope, stream, view.ActiveSegments);
    }

    public override async Task<SegmentRanges> getEpochSegments(GetEpochSegmentsRequest request, ServerCallContext context)
    {
        var (scope, stream) = RpcArguments.Stream(request.StreamInfo);
        var view = await RequireStreamAsync(scope, stream, context).ConfigureAwait(false);
        if (request.Epoch < 0 || request.Epoch > view.Head.CurrentEpoch)
        {
            throw RpcArguments.Invalid($"epoch {request.Epoch} is not an epoch of '{scope}/{stream}' (current {view.Head.CurrentEpoch})");
        }
        return Ranges(scope, stream, view.Epochs[request.Epoch].Segments);
    }

    /// <summary>Where reading from the beginning starts, whatever the timestamp (as Pravega answers).</summary>
    public override async Task<SegmentsAtTime> getSegments(GetSegmentsRequest request, ServerCallContext context)
    {
        var (scope, stream) = RpcArguments.Stream(request.StreamInfo);
        var view = await RequireStreamAsync(scope, stream, context).ConfigureAwait(false);
        var response = new SegmentsAtTime { DelegationToken = string.Empty };
        foreach (var (segment, offset) in StreamService.SegmentsAtHead(view))
        {
            response.Segments.Add(new SegmentsAtTime.Types.SegmentLocation { SegmentId = SegmentId(scope, stream, segment.SegmentId), Offset = offset });
        }
        return response;
    }

    public override Task<SuccessorResponse> getSegmentsImmediatelyFollowing(SegmentId request, ServerCallContext context) => SuccessorsAsync(request, context);

    /// <summary>The legacy, misspelled name that older clients call.</summary>
    public override Task<SuccessorResponse> getSegmentsImmediatlyFollowing(SegmentId request, ServerCallContext context) => SuccessorsAsync(request, context);

    public override async Task<StreamCutRangeResponse> getSegmentsBetween(StreamCutRange request, ServerCallContext context)
    {
        var (scope, stream) = RpcArguments.Stream(request.StreamInfo);
        var view = await RequireStreamAsync(scope, stream, context).ConfigureAwait(false);
        if ((request.From.Count > 0 && !view.IsValidCut(request.From)) || (request.To.Count > 0 && !view.IsValidCut(request.To)))
        {
            throw RpcArguments.Invalid($"from/to: a cut is not a valid StreamCut of '{scope}/{stream}'");
        }
        var response = new StreamCutRangeResponse { DelegationToken = string.Empty };
        response.Segments.AddRange(StreamService.SegmentsBetween(view, request.From, request.To).Select(s => SegmentId(scope, stream, s.SegmentId)));
        return response;
    }

    /// <summary>The segment store that owns the segment's container (from memory: Pravega's container mapping).</summary>
    public override Task<NodeUri> getURI(SegmentId request, ServerCallContext context)
    {
        var (scope, stream) = RpcArguments.Stream(request.StreamInfo);
        var owner = runtime.Locator.Locate(StreamService.SegmentName(scope, stream, request.SegmentId_));
        return Task.FromResult(new NodeUri { Endpoint = owner.Host, Port = owner.Port });
    }

    public override async Task<SegmentValidityResponse> isSegmentValid(SegmentId request, ServerCallContext context)
    {
        var (scope, stream) = RpcArguments.Stream(request.StreamInfo);
        var view = await runtime.Streams.GetStreamAsync(scope, stream, context.CancellationToken).ConfigureAwait(false);
        return new SegmentValidityResponse { Response = view is not null && view.IsActive(request.SegmentId_) };
    }

    public override async Task<StreamCutValidityResponse> isStreamCutValid(StreamCut request, ServerCallContext context)
    {
        var (scope, stream) = RpcArguments.Stream(request.StreamInfo);
        var view = await runtime.Streams.GetStreamAsync(scope, stream, context.CancellationToken).ConfigureAwait(false);
        return new StreamCutValidityResponse { Response = view is not null && view.IsValidCut(request.Cut) };
    }

    private async Task<SuccessorResponse> SuccessorsAsync(SegmentId request, ServerCallContext context)
    {
        var (scope, stream) = RpcArguments.Stream(request.StreamInfo);
        var view = await RequireStreamAsync(scope, stream, context).ConfigureAwait(false);
        if (view.FindSegment(request.SegmentId_) is null)
        {
            throw RpcArguments.NotFound($"segment {request.SegmentId_} is not a segment of '{scope}/{stream}'");
        }
        var response = new SuccessorResponse { DelegationToken = string.Empty };
        foreach (var (successor, predecessors) in view.Successors(request.SegmentId_))
        {
            var entry = new SuccessorResponse.Types.SegmentEntry { Segment = ProtoMapping.ToProto(scope, stream, successor) };
            entry.Value.AddRange(predecessors);
            response.Segments.Add(entry);
        }
        return response;
    }

    private async Task<StreamView> RequireStreamAsync(string scope, string stream, ServerCallContext context) =>
        await runtime.Streams.GetStreamAsync(scope, stream, context.CancellationToken).ConfigureAwait(false)
        ?? throw RpcArguments.NotFound($"stream '{scope}/{stream}' does not exist");

    private static SegmentRanges Ranges(string scope, string stream, IEnumerable<Model.SegmentRecord> segments)
    {
        var ranges = new SegmentRanges { DelegationToken = string.Empty };
        ranges.SegmentRanges_.AddRange(segments.Select(s => ProtoMapping.ToProto(scope, stream, s)));
        return ranges;
    }

    private static SegmentId SegmentId(string scope, string stream, long segmentId) =>
        new() { StreamInfo = new StreamInfo { Scope = scope, Stream = stream }, SegmentId_ = segmentId };
}
