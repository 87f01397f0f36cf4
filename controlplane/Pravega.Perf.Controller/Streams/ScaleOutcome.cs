using Pravega.Perf.Controller.Model;

namespace Pravega.Perf.Controller.Streams;

/// <summary>The answer to a scale request: the status, the segments it creates and the epoch it started from.</summary>
public sealed record ScaleOutcome(OperationStatus Status, IReadOnlyList<SegmentRecord> NewSegments, int Epoch, string? Message = null);

/// <summary>What <c>checkScale</c> answers (proto values: IN_PROGRESS, SUCCESS, INVALID_INPUT, INTERNAL_ERROR).</summary>
public enum ScaleProgress
{
    InProgress,
    Success,
    InvalidInput,
    InternalError,
}
