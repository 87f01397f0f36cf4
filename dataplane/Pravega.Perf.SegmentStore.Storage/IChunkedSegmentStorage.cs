namespace Pravega.Perf.SegmentStore.Storage;

/// <summary>
/// Tier-2 (long-term) storage of segments as ordered lists of chunks (reference §1.23). One instance belongs to one
/// segment container and carries that container's epoch: every mutation is fenced by it, so once an owner with a
/// higher epoch has opened a segment, a stale owner's writes, seals, concats, truncations and deletes fail with
/// <see cref="Exceptions.StorageFencedException"/> and change nothing. Reads are never fenced.
/// </summary>
/// <remarks>
/// Every mutating call is atomic and durable when it returns: either all of it is visible after a crash or none of it
/// is. Calls on one segment are serialised; calls on different segments run in parallel.
/// </remarks>
public interface IChunkedSegmentStorage : IAsyncDisposable
{
    /// <summary>The container epoch this instance writes with; chunk names carry it.</summary>
    long Epoch { get; }

    /// <summary>Creates an empty segment owned by this epoch.</summary>
    /// <exception cref="Contracts.Exceptions.StreamSegmentExistsException">The segment exists.</exception>
    ValueTask<SegmentStorageInfo> CreateAsync(string segmentName, CancellationToken cancellationToken = default);

    /// <summary>
    /// Takes ownership of the segment for this epoch (fencing every lower epoch out of it) and finishes any concat
    /// that a crash interrupted. Writes do this implicitly on first use; call it to fence eagerly.
    /// </summary>
    /// <exception cref="Exceptions.StorageFencedException">A higher epoch owns the segment.</exception>
    ValueTask<SegmentStorageInfo> OpenWriteAsync(string segmentName, CancellationToken cancellationToken = default);

    /// <summary>True when the segment exists (and is not deleted or merged away).</summary>
    ValueTask<bool> ExistsAsync(string segmentName, CancellationToken cancellationToken = default);

    /// <summary>Length, start offset, seal state and owner of the segment.</summary>
    ValueTask<SegmentStorageInfo> GetInfoAsync(string segmentName, CancellationToken cancellationToken = default);

    /// <summary>
    /// Appends <paramref name="data"/> at <paramref name="offset"/>, which must be the segment's current length.
    /// The data is on stable storage, and the metadata that points at it committed, when the call returns.
    /// </summary>
    /// <exception cref="Contracts.Exceptions.BadOffsetException"><paramref name="offset"/> is not the length.</exception>
    /// <exception cref="Contracts.Exceptions.StreamSegmentSealedException">The segment is sealed.</exception>
    ValueTask WriteAsync(string segmentName, long offset, ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default);

    /// <summary>
    /// Reads from <paramref name="offset"/> into <paramref name="buffer"/>, across chunk boundaries, and returns the
    /// number of bytes read: less than the buffer only at the end of the segment (0 at the end).
    /// </summary>
    /// <exception cref="Contracts.Exceptions.StreamSegmentTruncatedException"><paramref name="offset"/> is below the start offset.</exception>
    ValueTask<int> ReadAsync(string segmentName, long offset, Memory<byte> buffer, CancellationToken cancellationToken = default);

    /// <summary>Seals the segment: no more writes. Sealing a sealed segment is a no-op.</summary>
    ValueTask SealAsync(string segmentName, CancellationToken cancellationToken = default);

    /// <summary>
    /// Appends the sealed <paramref name="sourceSegment"/> to <paramref name="targetSegment"/> at
    /// <paramref name="targetOffset"/> (its length) by relinking the source's chunks into the target's chunk list (no
    /// bytes are copied), then removes the source. Atomic: after a crash either the target holds the source's bytes and
    /// the source is gone, or nothing changed.
    /// </summary>
    ValueTask ConcatAsync(string targetSegment, long targetOffset, string sourceSegment, CancellationToken cancellationToken = default);

    /// <summary>
    /// Moves the start offset up to <paramref name="startOffset"/> and deletes the chunks wholly below it. Reads below
    /// the start offset fail; a lower offset than the current start is a no-op.
    /// </summary>
    ValueTask TruncateAsync(string segmentName, long startOffset, CancellationToken cancellationToken = default);

    /// <summary>Deletes the segment and its chunks.</summary>
    ValueTask DeleteAsync(string segmentName, CancellationToken cancellationToken = default);

    /// <summary>The segment's chunks in offset order.</summary>
    ValueTask<IReadOnlyList<ChunkInfo>> ListChunksAsync(string segmentName, CancellationToken cancellationToken = default);

    /// <summary>
    /// Repairs what a crash may have left anywhere under this storage: fences every segment to this epoch, finishes or
    /// rolls back interrupted concats and deletes, trims chunk bytes that no metadata acknowledges, deletes orphan chunks
    /// and temporary files. Run it when the container starts, before writing.
    /// </summary>
    ValueTask<ReconcileReport> ReconcileAsync(CancellationToken cancellationToken = default);
}
