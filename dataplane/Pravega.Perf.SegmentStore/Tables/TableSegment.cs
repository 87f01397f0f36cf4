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
        StartOffset = startOffset;
        Length = startOffset;
        SnapshotCovers = startOffset;
    }

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

    /// <summary>The segment length the index covers: the next entry goes here (under <see cref="IndexLock"/>).</summary>
    public long Length { get; set; }

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
