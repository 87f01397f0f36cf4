using System.Buffers;

namespace Pravega.Perf.Wire.Commands;

/// <summary>TABLE_SEGMENT_INFO (69), segment store → client.</summary>
/// <remarks>
/// <code>
/// offset type                     field                      remark
/// 0      int64                    requestId
/// 8      utf                      segmentName                u16 length + modified UTF-8
/// +      int64                    startOffset
/// +      int64                    length
/// +      int64                    entryCount
/// +      int32                    keyLength                  optional: 0 when absent
/// </code>
/// </remarks>
public readonly struct TableSegmentInfo : IWireCommand<TableSegmentInfo>, IRequestIdCarrier
{
    public TableSegmentInfo(long requestId, WireString segmentName, long startOffset, long length, long entryCount, int keyLength)
    {
        RequestId = requestId;
        SegmentName = segmentName;
        StartOffset = startOffset;
        Length = length;
        EntryCount = entryCount;
        KeyLength = keyLength;
    }

    public static WireCommandType CommandType => WireCommandType.TableSegmentInfo;

    public WireCommandType Type => CommandType;

    public long RequestId { get; }

    public WireString SegmentName { get; }

    public long StartOffset { get; }

    public long Length { get; }

    public long EntryCount { get; }

    public int KeyLength { get; }

    public int GetPayloadLength() => 8 + 2 + SegmentName.EncodedLength + 8 + 8 + 8 + 4;

    public void WriteTo(IBufferWriter<byte> output)
    {
        var w = new PayloadWriter(output);
        w.WriteHeader(CommandType, GetPayloadLength());
        w.WriteInt64(RequestId);
        w.WriteString(SegmentName);
        w.WriteInt64(StartOffset);
        w.WriteInt64(Length);
        w.WriteInt64(EntryCount);
        w.WriteInt32(KeyLength);
        w.Flush();
    }

    public static TableSegmentInfo Read(in ReadOnlySequence<byte> payload)
    {
        var r = new PayloadReader(payload, CommandType);
        var requestId = r.ReadInt64("requestId");
        var segmentName = r.ReadString("segmentName");
        var startOffset = r.ReadInt64("startOffset");
        var length = r.ReadInt64("length");
        var entryCount = r.ReadInt64("entryCount");
        var keyLength = r.ReadInt32OrDefault("keyLength", 0);
        return new TableSegmentInfo(requestId, segmentName, startOffset, length, entryCount, keyLength);
    }
}
