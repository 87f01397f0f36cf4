namespace Pravega.Perf.SegmentStore.Storage;

/// <summary>What Tier-2 holds for one segment.</summary>
/// <param name="Name">The segment name.</param>
/// <param name="Length">Bytes ever written (the offset of the next append).</param>
/// <param name="StartOffset">The truncation point: bytes below it are gone.</param>
/// <param name="IsSealed">True when no more writes are accepted.</param>
/// <param name="OwnerEpoch">The container epoch that owns the segment.</param>
/// <param name="ChunkCount">Number of chunks that hold the bytes in [StartOffset, Length).</param>
public readonly record struct SegmentStorageInfo(string Name, long Length, long StartOffset, bool IsSealed, long OwnerEpoch, int ChunkCount);
