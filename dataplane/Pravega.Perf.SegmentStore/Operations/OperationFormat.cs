using System.Buffers.Binary;
using System.Text;
using Pravega.Perf.Common;

namespace Pravega.Perf.SegmentStore.Operations;

/// <summary>
/// The layout of operations inside a WAL frame payload (little-endian, our own format). Each operation is
/// <c>[u8 type][i32 body length][body]</c>; attribute values are logged as their results (after compare-and-set,
/// accumulate, ...), so replay sets them and never re-validates.
/// <code>
/// Append           segment id i64 | offset i64 | time i64 | n u8 | n × (id 16 | value i64) | data length i32 | data
/// Seal             segment id i64 | time i64
/// Truncate         segment id i64 | offset i64 | time i64
/// Delete           segment id i64
/// Create           segment id i64 | type i64 | time i64 | name (u16 length + UTF-8) | n u16 | n × (id | value)
/// UpdateAttributes segment id i64 | time i64 | n u16 | n × (id | value)         (value = null: removed)
/// Merge            target id i64 | source id i64 | target offset i64 | source length i64 | time i64 | n u16 | n × (id | value)
/// Checkpoint       see MetadataCheckpoint
/// StorageCheckpoint n i32 | n × (segment id i64 | storage length i64)
/// </code>
/// </summary>
internal static class OperationFormat
{
    public const int EnvelopeLength = 5;
    public const int AttributeLength = 24;
    public const int AppendFixedLength = 8 + 8 + 8 + 1 + 4;
    public const int SealLength = 16;
    public const int TruncateLength = 24;
    public const int DeleteLength = 8;
    public const int MergeFixedLength = 8 * 5 + 2;
    public const int UpdateAttributesFixedLength = 8 + 8 + 2;

    public static int AppendSize(int attributeCount, int dataLength) =>
        EnvelopeLength + AppendFixedLength + attributeCount * AttributeLength + dataLength;

    public static int CreateSize(string name, int attributeCount) =>
        EnvelopeLength + 8 + 8 + 8 + 2 + Encoding.UTF8.GetByteCount(name) + 2 + attributeCount * AttributeLength;

    public static void WriteEnvelope(Span<byte> destination, OperationType type, int bodyLength)
    {
        destination[0] = (byte)type;
        BinaryPrimitives.WriteInt32LittleEndian(destination[1..], bodyLength);
    }

    public static int WriteAttribute(Span<byte> destination, Uuid id, long value)
    {
        BinaryPrimitives.WriteInt64LittleEndian(destination, id.Msb);
        BinaryPrimitives.WriteInt64LittleEndian(destination[8..], id.Lsb);
        BinaryPrimitives.WriteInt64LittleEndian(destination[16..], value);
        return AttributeLength;
    }

    public static (Uuid Id, long Value) ReadAttribute(ReadOnlySpan<byte> source) =>
        (new Uuid(BinaryPrimitives.ReadInt64LittleEndian(source), BinaryPrimitives.ReadInt64LittleEndian(source[8..])),
            BinaryPrimitives.ReadInt64LittleEndian(source[16..]));

    public static int WriteString(Span<byte> destination, string value)
    {
        var length = Encoding.UTF8.GetBytes(value, destination[2..]);
        BinaryPrimitives.WriteUInt16LittleEndian(destination, checked((ushort)length));
        return 2 + length;
    }

    public static string ReadString(ReadOnlySpan<byte> source, out int consumed)
    {
        var length = BinaryPrimitives.ReadUInt16LittleEndian(source);
        consumed = 2 + length;
        return Encoding.UTF8.GetString(source.Slice(2, length));
    }

    public static int StringSize(string value) => 2 + Encoding.UTF8.GetByteCount(value);
}
