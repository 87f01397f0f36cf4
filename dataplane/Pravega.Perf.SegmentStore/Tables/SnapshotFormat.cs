using System.Buffers.Binary;

namespace Pravega.Perf.SegmentStore.Tables;

/// <summary>
/// An index snapshot as stored in <c>&lt;table&gt;$index</c> (written in several appends; valid only once the
/// index segment's <c>SnapshotOffset</c> attribute points at it):
/// <code>
/// header (40 bytes): int32 magic "PTIX" | byte format version (1) | 3 zero bytes | int64 table instance id
///                    | int64 covered offset (the table length it reflects) | int64 key count | int64 body length
/// body:              per key: int32 key length | int64 offset | int64 version | int32 entry length | key
/// trailer:           uint32 CRC32C of header and body
/// </code>
/// </summary>
internal static class SnapshotFormat
{
    public const int HeaderLength = 40;
    public const int TrailerLength = 4;
    public const int ItemFixedLength = 24;
    public const int Magic = 0x50544958;
    public const byte FormatVersion = 1;

    public static void WriteHeader(Span<byte> destination, long instanceId, long covers, long count, long bodyLength)
    {
        BinaryPrimitives.WriteInt32BigEndian(destination, Magic);
        destination[4] = FormatVersion;
        destination[5..8].Clear();
        BinaryPrimitives.WriteInt64BigEndian(destination[8..], instanceId);
        BinaryPrimitives.WriteInt64BigEndian(destination[16..], covers);
        BinaryPrimitives.WriteInt64BigEndian(destination[24..], count);
        BinaryPrimitives.WriteInt64BigEndian(destination[32..], bodyLength);
    }

    public static bool TryReadHeader(ReadOnlySpan<byte> source, out long instanceId, out long covers, out long count,
        out long bodyLength)
    {
        instanceId = BinaryPrimitives.ReadInt64BigEndian(source[8..]);
        covers = BinaryPrimitives.ReadInt64BigEndian(source[16..]);
        count = BinaryPrimitives.ReadInt64BigEndian(source[24..]);
        bodyLength = BinaryPrimitives.ReadInt64BigEndian(source[32..]);
        return BinaryPrimitives.ReadInt32BigEndian(source) == Magic && source[4] == FormatVersion
            && covers >= 0 && count >= 0 && bodyLength >= count * ItemFixedLength;
    }

    public static int WriteItem(Span<byte> destination, in IndexPosition entry)
    {
        BinaryPrimitives.WriteInt32BigEndian(destination, entry.Key.Length);
        BinaryPrimitives.WriteInt64BigEndian(destination[4..], entry.Offset);
        BinaryPrimitives.WriteInt64BigEndian(destination[12..], entry.Version);
        BinaryPrimitives.WriteInt32BigEndian(destination[20..], entry.Length);
        entry.Key.CopyTo(destination[ItemFixedLength..]);
        return ItemFixedLength + entry.Key.Length;
    }
}
