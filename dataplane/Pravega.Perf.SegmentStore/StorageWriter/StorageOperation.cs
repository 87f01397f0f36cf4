using Pravega.Perf.SegmentStore.Metadata;
using Pravega.Perf.SegmentStore.Operations;

namespace Pravega.Perf.SegmentStore.StorageWriter;

/// <summary>
/// A committed operation the storage writer still has to apply in Tier-2, in WAL order: create, seal, truncate,
/// merge or delete (appends are not queued: a segment's unflushed bytes are the cached range from its storage length
/// to its length). <see cref="Address"/> is the WAL frame that logged it: the log may not be cut past it until the
/// operation is applied.
/// </summary>
/// <param name="Type">The logged operation.</param>
/// <param name="Segment">The segment (the target of a merge).</param>
/// <param name="Source">The merge source; null otherwise.</param>
/// <param name="Offset">Seal: the segment length; truncate: the new start offset; merge: the target offset.</param>
/// <param name="Length">Merge: the source length.</param>
/// <param name="Address">The WAL address of the frame holding the operation.</param>
internal readonly record struct StorageOperation(OperationType Type, SegmentMetadata Segment, SegmentMetadata? Source,
    long Offset, long Length, long Address);
