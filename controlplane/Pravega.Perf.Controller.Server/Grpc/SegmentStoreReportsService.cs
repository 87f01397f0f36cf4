using Grpc.Core;
using Pravega.Perf.Controller.Contracts.V1;
using Pravega.Perf.Controller.Scaling;

namespace Pravega.Perf.Controller.Server.Grpc;

/// <summary>Receives the segment stores' auto-scale requests (Pravega sends them through an internal stream; we use gRPC).</summary>
internal sealed class SegmentStoreReportsService(ControllerRuntime runtime) : SegmentStoreReports.SegmentStoreReportsBase
{
    public override async Task<ScaleReportResponse> reportScale(ScaleReport request, ServerCallContext context)
    {
        var scope = RpcArguments.NonEmpty(request.Scope, "scope");
        var stream = RpcArguments.NonEmpty(request.Stream, "stream");
        var direction = request.Direction == ScaleReport.Types.Direction.Up ? ScaleDirection.Up : ScaleDirection.Down;
        var outcome = await runtime.AutoScaler.HandleAsync(
            new AutoScaleRequest(scope, stream, request.SegmentId, direction, request.TimestampMs, request.NumberOfSplits, request.Silent),
            context.CancellationToken).ConfigureAwait(false);
        return new ScaleReportResponse
        {
            Status = outcome switch
            {
                AutoScaleOutcome.Scaled => ScaleReportResponse.Types.Status.Accepted,
                AutoScaleOutcome.StreamNotFound => ScaleReportResponse.Types.Status.StreamNotFound,
                _ => ScaleReportResponse.Types.Status.Ignored,
            },
        };
    }
}
