using Pravega.Perf.SegmentStore.Contracts.Tables;

namespace Pravega.Perf.SegmentStore.Tables;

/// <summary>Configuration of a <see cref="TableStore"/> (the host binds it from the <c>Tables</c> section).</summary>
public sealed class TableStoreOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Tables";

    /// <summary>Largest serialized update or removal batch; one batch is one append, so keep it below the engine's
    /// <c>MaxOperationSize</c>.</summary>
    public int MaxBatchSize { get; set; } = TableLimits.DefaultMaxBatchSize;

    /// <summary>Largest single append of index-snapshot or compaction data.</summary>
    public int MaxAppendSize { get; set; } = 512 * 1024;

    /// <summary>Most bytes of keys and values in one iterator or delta page (Pravega caps its reads at 2 MiB).</summary>
    public int MaxPageBytes { get; set; } = 2 << 20;

    /// <summary>Run snapshots and compaction in the background after updates; off, they run only when called
    /// (<see cref="TableStore.SnapshotIndexAsync"/>, <see cref="TableStore.CompactAsync"/>).</summary>
    public bool AutomaticMaintenance { get; set; } = true;

    /// <summary>Write an index snapshot once this many bytes were appended since the last one, so that opening the
    /// table after a restart scans at most about this much.</summary>
    public long SnapshotIntervalBytes { get; set; } = 16L << 20;

    /// <summary>Compact when the live entries fill less than this fraction of the readable segment (Pravega: 75 %).</summary>
    public double CompactionUtilizationThreshold { get; set; } = 0.75;

    /// <summary>... and the readable segment is at least this long.</summary>
    public long MinCompactionLength { get; set; } = 4L << 20;

    /// <summary>Most bytes of the segment's head one compaction run processes (Pravega: 4 MiB).</summary>
    public int MaxCompactionBytes { get; set; } = 4 << 20;
}
