using System.Buffers;

namespace Pravega.Perf.Wire.Commands;

/// <summary>OFFSET_LOCATED (42), segment store → client.</summary>
/// <remarks>
/// <code>
/// offset type                     field                      remark
/// 0      int64                    requestId
/// 8      utf                      segment                    u16 length + modified UTF-8
/// +      int64                    offset
/// </code>
/// </remarks>
public readonly struct OffsetLocated : IWireCommand<OffsetLocated>, IRequestIdCarrier
{
    public OffsetLocated(long requestId, WireString segment, long offset)
    {
        RequestId = requestId;
        Segment = segment;
        Offset = offset;
    }

    public static WireCommandType CommandType => WireCommandType.OffsetLocated;

    public WireCommandType Type => CommandType;

    public long RequestId { get; }

    public WireString Segment { get; }

    public long Offset { get; }

    public int GetPayloadLength() => 8 + 2 + Segment.EncodedLength + 8;

    public void WriteTo(IBufferWriter<byte> output)
    {
        var w = new PayloadWriter(output);
        w.WriteHeader(CommandType, GetPayloadLength());
        w.WriteInt64(RequestId);
        w.WriteString(Segment);
        w.WriteInt64(Offset);
        w.Flush();
    }

    public static OffsetLocated Read(in ReadOnlySequence<byte> payload)
    {
        var r = new PayloadReader(payload, CommandType);
        var requestId = r.ReadInt64("requestId");
        var segment = r.ReadString("segment");
        var offset = r.ReadInt64("offset");
        return new OffsetLocated(requestId, segment, offset);
    }
}
