namespace Pravega.Perf.Client.Tables;

/// <summary>
/// One change to a key-value table (Pravega's <c>Insert</c>, <c>Put</c> and <c>Remove</c>), made by the static methods.
/// Several changes of one primary key applied together by <see cref="IKeyValueTable.UpdateAsync"/> are atomic.
/// </summary>
public sealed record KeyValueModification
{
    private KeyValueModification(KeyValueTableKey key, ReadOnlyMemory<byte> value, KeyValueTableVersion expectedVersion, bool isRemoval)
    {
        ArgumentNullException.ThrowIfNull(key);
        Key = key;
        Value = value;
        ExpectedVersion = expectedVersion;
        IsRemoval = isRemoval;
    }

    public KeyValueTableKey Key { get; }

    /// <summary>The new value (empty for a removal).</summary>
    public ReadOnlyMemory<byte> Value { get; }

    /// <summary>The condition: a version, <see cref="KeyValueTableVersion.NotExists"/> or <see cref="KeyValueTableVersion.NoVersion"/>.</summary>
    public KeyValueTableVersion ExpectedVersion { get; }

    public bool IsRemoval { get; }

    /// <summary>Sets the value only if the key does not exist.</summary>
    public static KeyValueModification Insert(KeyValueTableKey key, ReadOnlyMemory<byte> value) =>
        new(key, value, KeyValueTableVersion.NotExists, isRemoval: false);

    /// <summary>Sets the value whatever the key's state.</summary>
    public static KeyValueModification Put(KeyValueTableKey key, ReadOnlyMemory<byte> value) =>
        new(key, value, KeyValueTableVersion.NoVersion, isRemoval: false);

    /// <summary>Sets the value only if the key's version is <paramref name="expectedVersion"/>.</summary>
    public static KeyValueModification Put(KeyValueTableKey key, ReadOnlyMemory<byte> value, KeyValueTableVersion expectedVersion) =>
        new(key, value, expectedVersion, isRemoval: false);

    /// <summary>Removes the key; removing an absent key is no error.</summary>
    public static KeyValueModification Remove(KeyValueTableKey key) =>
        new(key, ReadOnlyMemory<byte>.Empty, KeyValueTableVersion.NoVersion, isRemoval: true);

    /// <summary>Removes the key only if its version is <paramref name="expectedVersion"/>.</summary>
    public static KeyValueModification Remove(KeyValueTableKey key, KeyValueTableVersion expectedVersion) =>
        new(key, ReadOnlyMemory<byte>.Empty, expectedVersion, isRemoval: true);
}
