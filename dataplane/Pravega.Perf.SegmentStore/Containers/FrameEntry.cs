using Pravega.Perf.SegmentStore.Metadata;

namespace Pravega.Perf.SegmentStore.Containers;

/// <summary>One operation in a frame: where its bytes are, who waits for it, and the segments it touches (so the
/// commit needs no lookups). <see cref="Offset"/> is -1 for a barrier: a waiter that only wants everything before
/// it to be durable.</summary>
internal struct FrameEntry
{
    public int Offset;
    public PendingOperation? Waiter;
    public SegmentMetadata? Segment;
    public SegmentMetadata? Source;
}
