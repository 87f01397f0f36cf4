using Pravega.Perf.Client.Watermarks;

namespace Pravega.Perf.Controller.Watermarks;

/// <summary>
/// The watermarks of a stream as records of its mark stream <c>_MARK&lt;stream&gt;</c>, where Pravega's readers look
/// for them. In production a revisioned stream over the mark stream's segment (<see cref="SegmentMarkStreamLog"/>);
/// unit tests use an in-memory one.
/// </summary>
public interface IMarkStreamLog
{
    /// <summary>The last watermark written (null when none) and the revision after it, where the next one must go.</summary>
    Task<(Watermark? Last, long End)> ReadLastAsync(string scope, string stream, CancellationToken cancellationToken);

    /// <summary>
    /// Appends <paramref name="watermark"/> if the mark stream still ends at <paramref name="expectedEnd"/>: the new end,
    /// or null when someone else wrote first (another controller: read again before deciding anything).
    /// </summary>
    Task<long?> AppendAsync(string scope, string stream, long expectedEnd, Watermark watermark, CancellationToken cancellationToken);
}
