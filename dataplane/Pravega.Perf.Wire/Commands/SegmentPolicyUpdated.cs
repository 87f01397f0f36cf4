using System.Buffers;

namespace Pravega.Perf.Wire.Commands;

/// <summary>SEGMENT_POLICY_UPDATED (33), segment store → client.</summary>
/// <remarks>
/// <code>
/// offset type                     field                      remark
/// 0      int64                    requestId
/// 8      utf                      segment                    u16 length + modified UTF-8
/// </code>
/// </remarks>
public readonly struct SegmentPolicyUpdated : IWireCommand<SegmentPolicyUpdated>, IRequestIdCarrier
{
    public SegmentPolicyUpdated(long requestId, WireString segment)
    {
        RequestId = requestId;
        Segment = segment;
    }

    public static WireCommandType CommandType => WireCommandType.SegmentPolicyUpdated;

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

    public static SegmentPolicyUpdated Read(in ReadOnlySequence<byte> payload)
    {
        var r = new PayloadReader(payload, CommandType);
        var requestId = r.ReadInt64("requestId");
        var segment = r.ReadString("segment");
        return new SegmentPolicyUpdated(requestId, segment);
    }
}
