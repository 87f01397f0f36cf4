namespace Pravega.Perf.Client.Tables;

/// <summary>
/// What a key-value table iterator covers (Pravega's <c>KeyValueTableIterator.Builder</c>): the entries of one primary
/// key (all, by secondary-key range, or by secondary-key prefix) or of many primary keys (all, by range or by prefix).
/// Bounds are inclusive; a prefix is padded with 0x00 for the lower and 0xFF for the upper bound. Lengths are checked
/// against the table when the iterator starts.
/// </summary>
public sealed record KeyValueTableRange
{
    private KeyValueTableRange(ReadOnlyMemory<byte>? fromPrimary, ReadOnlyMemory<byte>? toPrimary, bool primaryIsPrefix,
        ReadOnlyMemory<byte>? fromSecondary, ReadOnlyMemory<byte>? toSecondary, bool secondaryIsPrefix)
    {
        FromPrimary = fromPrimary;
        ToPrimary = toPrimary;
        PrimaryIsPrefix = primaryIsPrefix;
        FromSecondary = fromSecondary;
        ToSecondary = toSecondary;
        SecondaryIsPrefix = secondaryIsPrefix;
    }

    /// <summary>Every entry of the table, in key order across all partitions.</summary>
    public static KeyValueTableRange All { get; } = new(null, null, false, null, null, false);

    internal ReadOnlyMemory<byte>? FromPrimary { get; }

    internal ReadOnlyMemory<byte>? ToPrimary { get; }

    internal bool PrimaryIsPrefix { get; }

    internal ReadOnlyMemory<byte>? FromSecondary { get; }

    internal ReadOnlyMemory<byte>? ToSecondary { get; }

    internal bool SecondaryIsPrefix { get; }

    /// <summary>Every entry of <paramref name="primaryKey"/>, optionally those whose secondary key lies in [from, to].</summary>
    public static KeyValueTableRange ForPrimaryKey(ReadOnlyMemory<byte> primaryKey, ReadOnlyMemory<byte>? fromSecondaryKey = null, ReadOnlyMemory<byte>? toSecondaryKey = null) =>
        new(primaryKey, primaryKey, false, fromSecondaryKey, toSecondaryKey, false);

    /// <summary>The entries of <paramref name="primaryKey"/> whose secondary key starts with <paramref name="secondaryKeyPrefix"/>.</summary>
    public static KeyValueTableRange ForSecondaryKeyPrefix(ReadOnlyMemory<byte> primaryKey, ReadOnlyMemory<byte> secondaryKeyPrefix) =>
        new(primaryKey, primaryKey, false, secondaryKeyPrefix, secondaryKeyPrefix, true);

    /// <summary>Every entry whose primary key lies in [from, to] (null: the lowest / highest key).</summary>
    public static KeyValueTableRange ForPrimaryKeyRange(ReadOnlyMemory<byte>? fromPrimaryKey, ReadOnlyMemory<byte>? toPrimaryKey) =>
        new(fromPrimaryKey, toPrimaryKey, false, null, null, false);

    /// <summary>Every entry whose primary key starts with <paramref name="primaryKeyPrefix"/>.</summary>
    public static KeyValueTableRange ForPrimaryKeyPrefix(ReadOnlyMemory<byte> primaryKeyPrefix) =>
        new(primaryKeyPrefix, primaryKeyPrefix, true, null, null, false);

    /// <summary>
    /// The inclusive bounds as whole table-segment keys (primary ‖ secondary), as Pravega's client builds them: a
    /// missing bound or the rest of a prefix is 0x00… below and 0xFF… above; across several primary keys the secondary
    /// part spans everything so the range stays contiguous. <see cref="ArgumentException"/> for wrong lengths.
    /// </summary>
    internal (byte[] From, byte[] To) Resolve(KeyValueTableConfiguration config)
    {
        var primary = config.PrimaryKeyLength;
        var secondary = config.SecondaryKeyLength;
        var fromPrimary = Bound(FromPrimary, primary, PrimaryIsPrefix, KeyBytes.Min, "primary key");
        var toPrimary = Bound(ToPrimary, primary, PrimaryIsPrefix, KeyBytes.Max, "primary key");
        var sameKey = fromPrimary.AsSpan().SequenceEqual(toPrimary);
        var fromSecondary = sameKey ? Bound(FromSecondary, secondary, SecondaryIsPrefix, KeyBytes.Min, "secondary key") : KeyBytes.Pad(default, KeyBytes.Min, secondary);
        var toSecondary = sameKey ? Bound(ToSecondary, secondary, SecondaryIsPrefix, KeyBytes.Max, "secondary key") : KeyBytes.Pad(default, KeyBytes.Max, secondary);
        return ([.. fromPrimary, .. fromSecondary], [.. toPrimary, .. toSecondary]);
    }

    private static byte[] Bound(ReadOnlyMemory<byte>? given, int length, bool isPrefix, byte fill, string what)
    {
        if (given is { } key)
        {
            if (isPrefix ? key.Length > length : key.Length != length)
            {
                throw new ArgumentException(isPrefix
                    ? $"A {what} prefix may have at most {length} bytes; given {key.Length}."
                    : $"A {what} must have exactly {length} bytes; given {key.Length}.");
            }
            return KeyBytes.Pad(key.Span, fill, length);
        }
        return KeyBytes.Pad(default, fill, length);
    }
}
