using System.Buffers;

namespace Pravega.Perf.Wire.Commands;

/// <summary>SEGMENT_TRUNCATED (39), segment store → client.</summary>
/// <remarks>
/// <code>
/// offset type                     field                      remark
/// 0      int64                    requestId
/// 8      utf                      segment                    u16 length + modified UTF-8
/// </code>
/// </remarks>
public readonly struct SegmentTruncated : IWireCommand<SegmentTruncated>, IRequestIdCarrier
{
    public SegmentTruncated(long requestId, WireString segment)
    {
        RequestId = requestId;
        Segment = segment;
    }

    public static WireCommandType CommandType => WireCommandType.SegmentTruncated;

    public WireCommandType Type => CommandType;

    public long RequestId { get; }

    public WireString Segment { get; }

    public int GetPayloadLength() => 8 + 2 + Segment.EncodedLength;

    public void WriteTo(IBufferWriter<byte> output)
    {
        var w = new PayloadWriter(output);
        w.WriteHeader(CommandType, GetPayloadLength());
        w.WriteInt64(RequestId);
        w.WriteString(Segment);
        w.Flush();
    }

    public static SegmentTruncated Read(in ReadOnlySequence<byte> payload)
    {
        var r = new PayloadReader(payload, CommandType);
        var requestId = r.ReadInt64("requestId");
        var segment = r.ReadString("segment");
        return new SegmentTruncated(requestId, segment);
    }
}
