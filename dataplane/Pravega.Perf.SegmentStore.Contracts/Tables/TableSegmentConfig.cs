namespace Pravega.Perf.SegmentStore.Contracts.Tables;

/// <summary>How a table segment is laid out (wire <c>CreateTableSegment</c>).</summary>
/// <param name="KeyLength">0 = the hash layout (variable keys up to <see cref="TableLimits.MaxKeyLength"/>, iterated
/// in key-hash order); &gt; 0 = the fixed-key-length layout (every key has exactly this many bytes, iterated in
/// sorted key order, range queries allowed), as key-value tables use.</param>
/// <param name="RolloverSizeBytes">Tier-2 rollover size of the segment (0 = the default).</param>
public readonly record struct TableSegmentConfig(int KeyLength = 0, long RolloverSizeBytes = 0)
{
    /// <summary>The hash layout with default rollover.</summary>
    public static TableSegmentConfig Hash => default;

    /// <summary>True for the fixed-key-length layout.</summary>
    public bool IsFixedKeyLength => KeyLength > 0;
}
