using System.Buffers;

namespace Pravega.Perf.Wire.Commands;

/// <summary>
/// A key and its value, as in TableEntries.
/// <code>
/// TableKey key | int32 value.payloadLength (= 4 + dataLength) | int32 value.dataLength | value.data
/// </code>
/// </summary>
public readonly struct TableEntry : IEquatable<TableEntry>
{
    /// <summary>Smallest encoding (empty key, empty value), used to bound a declared count.</summary>
    internal const int MinSize = TableKey.MinSize + 8;

    public TableEntry(TableKey key, ReadOnlySequence<byte> value)
    {
        Key = key;
        Value = value;
    }

    public TableKey Key { get; }

    public ReadOnlySequence<byte> Value { get; }

    internal int Size => Key.Size + 8 + (int)Value.Length;

    internal static TableEntry Read(ref PayloadReader r)
    {
        var key = TableKey.Read(ref r, "entries.key.payloadLength", "entries.key.data", "entries.key.keyVersion");
        var payloadLength = r.ReadInt32("entries.value.payloadLength");
        if (payloadLength < 0)
        {
            throw r.Error("entries.value.payloadLength", $"negative length {payloadLength}");
        }
        return new TableEntry(key, r.ReadBlob("entries.value.data"));
    }

    internal void Write(ref PayloadWriter w)
    {
        Key.Write(ref w);
        w.WriteInt32(4 + (int)Value.Length);
        w.WriteBlob(Value);
    }

    public bool Equals(TableEntry other) => Key.Equals(other.Key) && Bytes.SequenceEqual(Value, other.Value);

    public override bool Equals(object? obj) => obj is TableEntry other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(Key, Value.Length);

    public static bool operator ==(TableEntry left, TableEntry right) => left.Equals(right);

    public static bool operator !=(TableEntry left, TableEntry right) => !left.Equals(right);
}
