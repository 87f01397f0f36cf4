namespace Pravega.Perf.SegmentStore.Tables;

/// <summary>One entry of a <see cref="PendingBatch"/>: where it is written and what it does to its key.</summary>
/// <param name="Key">The key (owned: it also keys <see cref="TableSegment.Overlay"/>).</param>
/// <param name="Value">The value of an update (empty for a removal).</param>
/// <param name="Offset">The entry's offset, which is also the new version of an update.</param>
/// <param name="Length">The serialized entry's length.</param>
/// <param name="IsRemoval">A removal record.</param>
internal readonly record struct BatchChange(byte[] Key, ReadOnlyMemory<byte> Value, long Offset, int Length, bool IsRemoval);
