using Pravega.Perf.SegmentStore.Cache;
using Pravega.Perf.SegmentStore.Contracts;

namespace Pravega.Perf.SegmentStore.Metadata;

/// <summary>One segment of a container: identity, pending and committed state, its cached bytes and tail readers.</summary>
internal sealed class SegmentMetadata
{
    public SegmentMetadata(long id, string name, SegmentType type, SegmentReadIndex readIndex)
    {
        Id = id;
        Name = name;
        Type = type;
        ReadIndex = readIndex;
    }

    /// <summary>Container-local id, stable for the segment's life; operations in the WAL refer to it.</summary>
    public long Id { get; }

    public string Name { get; }

    public SegmentType Type { get; }

    /// <summary>State as accepted so far; guarded by the container's operation lock.</summary>
    public SegmentState Pending { get; } = new();

    /// <summary>State as durable; guarded by the container's committed lock.</summary>
    public SegmentState Committed { get; } = new();

    public SegmentReadIndex ReadIndex { get; }

    /// <summary>The WAL frames holding the live bytes; guarded by the committed lock.</summary>
    public WalExtents WalExtents { get; } = new();

    /// <summary>Tail reads waiting for the next commit; guarded by the committed lock; null when none.</summary>
    public List<TailRead>? TailReads { get; set; }
}
