using Grpc.Core;
using Pravega.Perf.Controller.Contracts.V1;

namespace Pravega.Perf.Controller.Server.Grpc;

/// <summary>Our own StreamCut RPCs, served next to Pravega's <c>ControllerService</c> (its messages reused, never changed).</summary>
internal sealed class StreamCutsService(ControllerRuntime runtime) : StreamCuts.StreamCutsBase
{
    public override async Task<StreamCut> getStreamCutAt(StreamCutAtTimeRequest request, ServerCallContext context)
    {
        var (scope, stream) = RpcArguments.Stream(request.StreamInfo);
        var result = await runtime.StreamCutAtTime.GetAsync(scope, stream, request.TimestampMs, context.CancellationToken).ConfigureAwait(false);
        if (!result.IsSuccess)
        {
            throw RpcArguments.Failed(result.Status, result.Message);
        }
        var cut = new StreamCut { StreamInfo = new StreamInfo { Scope = scope, Stream = stream } };
        foreach (var (segmentId, offset) in result.Value!)
        {
            cut.Cut[segmentId] = offset;
        }
        return cut;
    }
}
