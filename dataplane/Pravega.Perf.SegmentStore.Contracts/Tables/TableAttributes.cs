using Pravega.Perf.Common;

namespace Pravega.Perf.SegmentStore.Contracts.Tables;

/// <summary>Segment attributes a table store keeps on its segments.</summary>
public static class TableAttributes
{
    /// <summary>The fixed key length of a fixed-key-length table segment (Pravega's core attribute 12,
    /// <c>ATTRIBUTE_ID_LENGTH</c>).</summary>
    public static readonly Uuid KeyLength = new(long.MinValue, 12);

    /// <summary>A random id given to a table segment at creation, recorded in its index snapshots, so that a snapshot
    /// left by an earlier table of the same name is never applied (Pravega's table attributes start at lsb 1 Mi).</summary>
    public static readonly Uuid InstanceId = new(long.MinValue, 1 << 20);

    /// <summary>On a table's index segment: the offset of the newest complete index snapshot.</summary>
    public static readonly Uuid SnapshotOffset = new(long.MinValue, (1 << 20) + 1);
}
