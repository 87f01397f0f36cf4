using System.Buffers;

namespace Pravega.Perf.Wire.Commands;

/// <summary>
/// A table-segment key with its version.
/// <code>
/// int32 payloadLength (= 4 + dataLength + 8) | int32 dataLength | data | int64 keyVersion
/// </code>
/// An empty key (dataLength 0) is written without its version, although payloadLength still says 12; it reads
/// back with <see cref="NoVersion"/>.
/// </summary>
public readonly struct TableKey : IEquatable<TableKey>
{
    /// <summary>Java <c>TableKey.NO_VERSION</c>: unconditional.</summary>
    public const long NoVersion = long.MinValue;

    /// <summary>Java <c>TableKey.NOT_EXISTS</c>: the key must not exist.</summary>
    public const long NotExists = -1;

    /// <summary>Smallest encoding (the empty key), used to bound a declared count.</summary>
    internal const int MinSize = 8;

    public TableKey(ReadOnlySequence<byte> data, long keyVersion)
    {
        Data = data;
        KeyVersion = keyVersion;
    }

    public ReadOnlySequence<byte> Data { get; }

    public long KeyVersion { get; }

    internal int Size => Data.IsEmpty ? 8 : 8 + (int)Data.Length + 8;

    internal static TableKey Read(ref PayloadReader r, string payloadField, string dataField, string versionField)
    {
        var payloadLength = r.ReadInt32(payloadField);
        if (payloadLength < 0)
        {
            throw r.Error(payloadField, $"negative length {payloadLength}");
        }
        var data = r.ReadBlob(dataField);
        var version = data.IsEmpty ? NoVersion : r.ReadInt64(versionField);
        return new TableKey(data, version);
    }

    internal void Write(ref PayloadWriter w)
    {
        w.WriteInt32(4 + (int)Data.Length + 8);
        w.WriteBlob(Data);
        if (!Data.IsEmpty)
        {
            w.WriteInt64(KeyVersion);
        }
    }

    public bool Equals(TableKey other) => KeyVersion == other.KeyVersion && Bytes.SequenceEqual(Data, other.Data);

    public override bool Equals(object? obj) => obj is TableKey other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(KeyVersion, Data.Length);

    public static bool operator ==(TableKey left, TableKey right) => left.Equals(right);

    public static bool operator !=(TableKey left, TableKey right) => !left.Equals(right);
}
