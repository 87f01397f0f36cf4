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

    /// <summary>The name of the segment's Tier-2 object: the name plus the container-local id, so that a segment deleted
    /// and created again under the same name never shares (or deletes) the other's Tier-2 data.</summary>
    public string StorageName => _storageName ??= Name + "$id." + Id.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Bytes durably in Tier-2 (Pravega's StorageLength); the committed lock guards it, the storage writer
    /// raises it. Recorded in metadata checkpoints.</summary>
    public long StorageLength { get; set; }

    /// <summary>True once the segment exists in Tier-2 (its create was applied there); storage writer only.</summary>
    public bool StorageCreated { get; set; }

    /// <summary>Storage operations (create, seal, truncate, merge, delete) logged for this segment and not yet applied in
    /// Tier-2; while any is pending its data is flushed only by those operations. Committed lock.</summary>
    public int PendingStorageOperations { get; set; }

    /// <summary>True while the segment is in its container's list of segments with unflushed bytes. Committed lock.</summary>
    public bool InDirtyList { get; set; }

    /// <summary>When the oldest unflushed byte was committed (ms since the epoch). Committed lock.</summary>
    public long DirtySinceMs { get; set; }

    /// <summary>True once the segment was deleted or merged away (its read index is freed). Committed lock.</summary>
    public bool Removed { get; set; }

    private string? _storageName;
}
