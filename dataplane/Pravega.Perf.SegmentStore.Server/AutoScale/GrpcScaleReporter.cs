using Grpc.Net.Client;
using Pravega.Perf.Controller.Contracts.V1;

namespace Pravega.Perf.SegmentStore.Server.AutoScale;

/// <summary>
/// Sends scale requests to the controller's <c>SegmentStoreReports</c> service over gRPC. The controller's address is
/// asked for at the first request, so a standalone process can start its store before its controller has a port.
/// </summary>
public sealed class GrpcScaleReporter(Func<Uri> controller) : IScaleReporter, IDisposable
{
    private readonly Lazy<GrpcChannel> _channel = new(() => GrpcChannel.ForAddress(controller()));

    public async Task<bool> ReportAsync(string scope, string stream, long segmentId, bool up, int splits, bool silent, long timestampMs,
        CancellationToken cancellationToken)
    {
        var client = new SegmentStoreReports.SegmentStoreReportsClient(_channel.Value);
        var response = await client.reportScaleAsync(new ScaleReport
        {
            Scope = scope,
            Stream = stream,
            SegmentId = segmentId,
            Direction = up ? ScaleReport.Types.Direction.Up : ScaleReport.Types.Direction.Down,
            NumberOfSplits = splits,
            Silent = silent,
            TimestampMs = timestampMs,
        }, deadline: DateTime.UtcNow.AddSeconds(30), cancellationToken: cancellationToken).ConfigureAwait(false);
        return response.Status == ScaleReportResponse.Types.Status.Accepted;
    }

    public void Dispose()
    {
        if (_channel.IsValueCreated)
        {
            _channel.Value.Dispose();
        }
    }
}
