namespace Pravega.Perf.Client.Tables;

/// <summary>
/// A key of a key-value table (Pravega's <c>TableKey</c>): the primary key picks the partition, the secondary key (empty
/// when the table has none) tells entries of one primary key apart. Both must have the table's exact lengths.
/// </summary>
public sealed record KeyValueTableKey(ReadOnlyMemory<byte> PrimaryKey, ReadOnlyMemory<byte> SecondaryKey)
{
    /// <summary>A key of a table without secondary keys.</summary>
    public KeyValueTableKey(ReadOnlyMemory<byte> primaryKey)
        : this(primaryKey, ReadOnlyMemory<byte>.Empty)
    {
    }

    /// <summary>Byte-wise equality: records would compare the memory references.</summary>
    public bool Equals(KeyValueTableKey? other) =>
        other is not null && PrimaryKey.Span.SequenceEqual(other.PrimaryKey.Span) && SecondaryKey.Span.SequenceEqual(other.SecondaryKey.Span);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.AddBytes(PrimaryKey.Span);
        hash.AddBytes(SecondaryKey.Span);
        return hash.ToHashCode();
    }

    public override string ToString() => $"{Convert.ToHexString(PrimaryKey.Span)}:{Convert.ToHexString(SecondaryKey.Span)}";
}
