namespace Pravega.Perf.SegmentStore.Wal;

/// <summary>A frame read back during recovery.</summary>
/// <param name="Address">Where the frame starts.</param>
/// <param name="Epoch">The epoch of the owner that wrote it.</param>
/// <param name="FirstSequence">The sequence number of its first operation.</param>
/// <param name="LastSequence">The sequence number of its last operation (FirstSequence - 1 if it holds none).</param>
/// <param name="Payload">The operations; valid until the enumeration moves on.</param>
public readonly record struct WalFrame(long Address, long Epoch, long FirstSequence, long LastSequence, ReadOnlyMemory<byte> Payload);
