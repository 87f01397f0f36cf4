using System.Buffers;

namespace Pravega.Perf.Wire.Commands;

/// <summary>
/// Where a READ_TABLE_KEYS / READ_TABLE_ENTRIES iteration resumes.
/// <code>
/// int32 len + continuationToken | int32 len + prefixFilter (deprecated: written empty, ignored) | int32 len + fromKey | int32 len + toKey
/// </code>
/// </summary>
public readonly struct TableIteratorArgs : IEquatable<TableIteratorArgs>
{
    public TableIteratorArgs(ReadOnlySequence<byte> continuationToken, ReadOnlySequence<byte> fromKey, ReadOnlySequence<byte> toKey)
    {
        ContinuationToken = continuationToken;
        FromKey = fromKey;
        ToKey = toKey;
    }

    public ReadOnlySequence<byte> ContinuationToken { get; }

    public ReadOnlySequence<byte> FromKey { get; }

    public ReadOnlySequence<byte> ToKey { get; }

    internal int Size => 16 + (int)ContinuationToken.Length + (int)FromKey.Length + (int)ToKey.Length;

    internal static TableIteratorArgs Read(ref PayloadReader r)
    {
        var token = r.ReadBlob("args.continuationToken");
        _ = r.ReadBlob("args.prefixFilter");
        var from = r.ReadBlob("args.fromKey");
        var to = r.ReadBlob("args.toKey");
        return new TableIteratorArgs(token, from, to);
    }

    internal void Write(ref PayloadWriter w)
    {
        w.WriteBlob(ContinuationToken);
        w.WriteInt32(0);
        w.WriteBlob(FromKey);
        w.WriteBlob(ToKey);
    }

    public bool Equals(TableIteratorArgs other) =>
        Bytes.SequenceEqual(ContinuationToken, other.ContinuationToken)
        && Bytes.SequenceEqual(FromKey, other.FromKey)
        && Bytes.SequenceEqual(ToKey, other.ToKey);

    public override bool Equals(object? obj) => obj is TableIteratorArgs other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(ContinuationToken.Length, FromKey.Length, ToKey.Length);

    public static bool operator ==(TableIteratorArgs left, TableIteratorArgs right) => left.Equals(right);

    public static bool operator !=(TableIteratorArgs left, TableIteratorArgs right) => !left.Equals(right);
}
