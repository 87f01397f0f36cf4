using Pravega.Perf.Controller.Model;

namespace Pravega.Perf.Controller.Segments;

/// <summary>
/// What the controller asks of segment stores (Pravega's <c>SegmentHelper</c>): every call is idempotent, so a
/// workflow that a restart interrupted can simply run its steps again.
/// </summary>
public interface IStreamSegmentStore
{
    /// <summary>Creates the segment with the stream's scaling policy (the store measures rates under it); no error if it exists.</summary>
    Task CreateSegmentAsync(string segment, ScalingPolicy policy, long rolloverSizeBytes, CancellationToken cancellationToken);

    /// <summary>Seals the segment (no error if sealed) and returns its final length.</summary>
    Task<long> SealSegmentAsync(string segment, CancellationToken cancellationToken);

    /// <summary>Deletes the segment; no error if it does not exist.</summary>
    Task DeleteSegmentAsync(string segment, CancellationToken cancellationToken);

    /// <summary>Drops the segment's bytes before <paramref name="offset"/>.</summary>
    Task TruncateSegmentAsync(string segment, long offset, CancellationToken cancellationToken);

    /// <summary>The segment's start and end offsets, or null when it does not exist.</summary>
    Task<(long StartOffset, long Length, bool Sealed)?> GetSegmentInfoAsync(string segment, CancellationToken cancellationToken);

    /// <summary>Up to <paramref name="maxLength"/> bytes at <paramref name="offset"/>, which lies below the segment's length (never a tail wait).</summary>
    Task<ReadOnlyMemory<byte>> ReadSegmentAsync(string segment, long offset, int maxLength, CancellationToken cancellationToken);

    /// <summary>Pushes a new scaling policy to an existing segment.</summary>
    Task UpdatePolicyAsync(string segment, ScalingPolicy policy, CancellationToken cancellationToken);

    /// <summary>
    /// Merges <paramref name="sources"/> (sealed first if needed), in order, at the tail of <paramref name="target"/>
    /// and returns its length. A source that no longer exists was merged by an earlier run and is skipped.
    /// </summary>
    Task<long> MergeTransactionSegmentsAsync(string target, IReadOnlyList<string> sources, CancellationToken cancellationToken);

    /// <summary>Creates a table segment whose keys are all <paramref name="keyLength"/> bytes (a key-value table's
    /// partition: sorted, attribute-indexed); no error if it exists.</summary>
    Task CreateTableSegmentAsync(string segment, int keyLength, long rolloverSizeBytes, CancellationToken cancellationToken);

    /// <summary>Deletes a table segment, entries and all; no error if it does not exist.</summary>
    Task DeleteTableSegmentAsync(string segment, CancellationToken cancellationToken);
}
