namespace Pravega.Perf.SegmentStore.Tables;

/// <summary>
/// One open table segment: its layout, its index and the offsets the index covers. <see cref="UpdateLock"/>
/// serializes updates, removals and compaction copies (each is a conditional append at <see cref="Length"/>);
/// <see cref="MaintenanceLock"/> serializes snapshots, compaction and delete (taken before <see cref="UpdateLock"/>);
/// <see cref="IndexLock"/> guards the index and the offsets for readers, and is held only for memory work.
/// </summary>
internal sealed class TableSegment
{
    public TableSegment(string name, int keyLength, long instanceId, long startOffset)
    {
        Name = name;
        KeyLength = keyLength;
        InstanceId = instanceId;
        Index = new TableIndex(hashLayout: keyLength == 0);
        OverlayLookup = Overlay.GetAlternateLookup<ReadOnlySpan<byte>>();
        StartOffset = startOffset;
        Length = startOffset;
        SnapshotCovers = startOffset;
    }

    private long _length;

    public string Name { get; }

    /// <summary>0 = hash layout; otherwise every key has this length.</summary>
    public int KeyLength { get; }

    public bool IsHashLayout => KeyLength == 0;

    /// <summary>The random id the table was created with (0 for a segment created without one).</summary>
    public long InstanceId { get; }

    public TableIndex Index { get; }

    public Lock IndexLock { get; } = new();

    public SemaphoreSlim UpdateLock { get; } = new(1, 1);

    public SemaphoreSlim MaintenanceLock { get; } = new(1, 1);

    /// <summary>The segment's start offset as last seen (entries below it were compacted away).</summary>
    public long StartOffset { get; set; }

    /// <summary>The segment length the index covers (durable batches only; under <see cref="IndexLock"/>). With no
    /// batch pending, setting it also sets <see cref="PendingLength"/>.</summary>
    public long Length
    {
        get => _length;
        set
        {
            _length = value;
            if (Pending.Count == 0)
            {
                PendingLength = value;
            }
        }
    }

    /// <summary>The length once every accepted batch is appended: where the next batch goes (under <see cref="IndexLock"/>).</summary>
    public long PendingLength { get; set; }

    /// <summary>Accepted, not yet applied batches, in append order (under <see cref="IndexLock"/>).</summary>
    public Queue<PendingBatch> Pending { get; } = new();

    /// <summary>The newest accepted batch (null when none was ever accepted).</summary>
    public PendingBatch? LastPending { get; set; }

    /// <summary>Keys changed by pending batches → (version after them, -1 = removed; the batch's sequence): conditions
    /// of later batches are checked against these, reads see only the durable index.</summary>
    public Dictionary<byte[], (long Version, long Sequence)> Overlay { get; } = new(KeyComparer.Instance);

    public Dictionary<byte[], (long Version, long Sequence)>.AlternateLookup<ReadOnlySpan<byte>> OverlayLookup { get; }

    public long NextSequence { get; set; }

    /// <summary>The key's version once the pending batches are applied, -1 if it will have no value.</summary>
    public long CurrentVersion(ReadOnlySpan<byte> key) =>
        OverlayLookup.TryGetValue(key, out var pending) ? pending.Version : Index.VersionOf(key);

    /// <summary>The length the newest index snapshot covers.</summary>
    public long SnapshotCovers { get; set; }

    /// <summary>Set once deleted (under <see cref="UpdateLock"/>); callers holding this object open it again.</summary>
    public bool IsDeleted { get; set; }

    /// <summary>1 while a background snapshot or compaction of this table is queued or running.</summary>
    public int MaintenanceScheduled;

    /// <summary>Bytes the live entries do not use, as a fraction of the readable segment.</summary>
    public double Utilization
    {
        get
        {
            var total = Length - StartOffset;
            return total == 0 ? 1 : (double)Index.LiveBytes / total;
        }
    }
}
