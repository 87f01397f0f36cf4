namespace Pravega.Perf.SegmentStore.Server.AutoScale;

/// <summary>Sends a scale request for a segment of <c>scope/stream</c> to the controller.</summary>
public interface IScaleReporter
{
    /// <summary>True when the controller took the request (it may still decide to do nothing).</summary>
    Task<bool> ReportAsync(string scope, string stream, long segmentId, bool up, int splits, bool silent, long timestampMs, CancellationToken cancellationToken);
}
