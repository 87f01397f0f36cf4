namespace Pravega.Perf.Controller.Scaling;

/// <summary>What a segment store asks for a segment whose rate crossed its policy's thresholds.</summary>
public enum ScaleDirection
{
    Up,
    Down,
}

/// <summary>A segment store's auto-scale request (Pravega's <c>AutoScaleEvent</c>, reference §1.7).</summary>
public sealed record AutoScaleRequest(string Scope, string Stream, long SegmentId, ScaleDirection Direction, long TimestampMs, int NumberOfSplits, bool Silent);

/// <summary>What became of an auto-scale request.</summary>
public enum AutoScaleOutcome
{
    /// <summary>The stream was scaled.</summary>
    Scaled,

    /// <summary>Nothing to do: fixed policy, too old, segment no longer active, merge not possible yet, or the segment only marked cold.</summary>
    Ignored,

    /// <summary>The stream does not exist.</summary>
    StreamNotFound,
}
