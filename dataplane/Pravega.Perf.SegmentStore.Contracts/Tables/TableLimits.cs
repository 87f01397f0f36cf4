namespace Pravega.Perf.SegmentStore.Contracts.Tables;

/// <summary>Pravega's table-segment limits (reference §1.16, §4.7: <c>TableStore</c>, <c>EntrySerializer</c>).</summary>
public static class TableLimits
{
    /// <summary>Longest key: 8 KiB (<c>TableStore.MAXIMUM_KEY_LENGTH</c>).</summary>
    public const int MaxKeyLength = 8192;

    /// <summary>Longest value: 1 MiB − 8 KiB (<c>TableStore.MAXIMUM_VALUE_LENGTH</c>), so that key + value fit in
    /// one 1 MiB serialized entry.</summary>
    public const int MaxValueLength = (1 << 20) - MaxKeyLength;

    /// <summary>Largest serialized update or removal batch by default: Pravega allows 32 MiB, but one batch is one
    /// append and the engine's appends (and wire frames) stop at 16 MiB, so the default leaves room below that.</summary>
    public const int DefaultMaxBatchSize = 15 << 20;
}
