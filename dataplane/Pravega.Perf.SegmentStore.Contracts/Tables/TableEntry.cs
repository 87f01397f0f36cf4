namespace Pravega.Perf.SegmentStore.Contracts.Tables;

/// <summary>A key, its version and its value.</summary>
/// <param name="Key">The key, with the update's condition (<see cref="TableKey.Version"/>) or, in a read result, the
/// entry's current version.</param>
/// <param name="Value">The value (at most <see cref="TableLimits.MaxValueLength"/> bytes).</param>
public readonly record struct TableEntry(TableKey Key, ReadOnlyMemory<byte> Value)
{
    /// <summary>An unconditional put.</summary>
    public static TableEntry Unversioned(ReadOnlyMemory<byte> key, ReadOnlyMemory<byte> value) => new(new TableKey(key), value);

    /// <summary>A put only if the key is absent.</summary>
    public static TableEntry NotExists(ReadOnlyMemory<byte> key, ReadOnlyMemory<byte> value) =>
        new(new TableKey(key, TableKey.NotExists), value);

    /// <summary>A put only if the key has <paramref name="version"/>.</summary>
    public static TableEntry Versioned(ReadOnlyMemory<byte> key, ReadOnlyMemory<byte> value, long version) =>
        new(new TableKey(key, version), value);
}
