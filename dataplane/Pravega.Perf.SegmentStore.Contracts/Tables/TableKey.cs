namespace Pravega.Perf.SegmentStore.Contracts.Tables;

/// <summary>
/// A table-segment key with a version: the condition of an update or removal, or the version a read returns.
/// Versions are segment offsets (the offset at which the key's latest entry was first written), so they only grow.
/// </summary>
/// <param name="Key">The key bytes (at most <see cref="TableLimits.MaxKeyLength"/>; exactly the table's key length
/// for a fixed-key-length table).</param>
/// <param name="Version">For a condition: <see cref="NoVersion"/> (unconditional), <see cref="NotExists"/> (the key
/// must be absent) or the version the key must have. In a read result: the key's current version.</param>
public readonly record struct TableKey(ReadOnlyMemory<byte> Key, long Version = TableKey.NoVersion)
{
    /// <summary>Pravega's <c>TableKey.NO_VERSION</c> (<c>Long.MIN_VALUE</c>): no condition.</summary>
    public const long NoVersion = long.MinValue;

    /// <summary>Pravega's <c>TableKey.NOT_EXISTS</c> (-1): the key must not exist (an insert).</summary>
    public const long NotExists = -1;

    /// <summary>An unconditional key.</summary>
    public static TableKey Unversioned(ReadOnlyMemory<byte> key) => new(key);
}
