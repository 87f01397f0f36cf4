using System.Buffers;

namespace Pravega.Perf.Wire.Commands;

/// <summary>SEGMENT_READ (10), segment store → client: raw segment bytes from an offset.</summary>
/// <remarks>
/// <code>
/// offset type                     field                      remark
/// 0      utf                      segment                    u16 length + modified UTF-8
/// +      int64                    offset
/// +      bool                     atTail
/// +      bool                     endOfSegment
/// +      int32                    dataLength
/// +      bytes                    data
/// +      int64                    requestId                  optional: -1 when absent
/// </code>
/// </remarks>
public readonly struct SegmentRead : IWireCommand<SegmentRead>, IRequestIdCarrier
{
    public SegmentRead(WireString segment, long offset, bool atTail, bool endOfSegment, ReadOnlySequence<byte> data, long requestId)
    {
        Segment = segment;
        Offset = offset;
        AtTail = atTail;
        EndOfSegment = endOfSegment;
        Data = data;
        RequestId = requestId;
    }

    public static WireCommandType CommandType => WireCommandType.SegmentRead;

    public WireCommandType Type => CommandType;

    public WireString Segment { get; }

    public long Offset { get; }

    public bool AtTail { get; }

    public bool EndOfSegment { get; }

    public ReadOnlySequence<byte> Data { get; }

    public long RequestId { get; }

    public int GetPayloadLength() => 2 + Segment.EncodedLength + 8 + 1 + 1 + 4 + (int)Data.Length + 8;

    public void WriteTo(IBufferWriter<byte> output)
    {
        var w = new PayloadWriter(output);
        w.WriteHeader(CommandType, GetPayloadLength());
        w.WriteString(Segment);
        w.WriteInt64(Offset);
        w.WriteBool(AtTail);
        w.WriteBool(EndOfSegment);
        w.WriteBlob(Data);
        w.WriteInt64(RequestId);
        w.Flush();
    }

    public static SegmentRead Read(in ReadOnlySequence<byte> payload)
    {
        var r = new PayloadReader(payload, CommandType);
        var segment = r.ReadString("segment");
        var offset = r.ReadInt64("offset");
        var atTail = r.ReadBool("atTail");
        var endOfSegment = r.ReadBool("endOfSegment");
        var data = r.ReadBlob("data");
        var requestId = r.ReadInt64OrDefault("requestId", -1);
        return new SegmentRead(segment, offset, atTail, endOfSegment, data, requestId);
    }
}
