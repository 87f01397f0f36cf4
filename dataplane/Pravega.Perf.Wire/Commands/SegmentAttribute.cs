using System.Buffers;

namespace Pravega.Perf.Wire.Commands;

/// <summary>SEGMENT_ATTRIBUTE (35), segment store → client: the value (Long.MIN_VALUE = not set).</summary>
/// <remarks>
/// <code>
/// offset type                     field                      remark
/// 0      int64                    requestId
/// 8      int64                    value
/// </code>
/// </remarks>
public readonly struct SegmentAttribute : IWireCommand<SegmentAttribute>, IRequestIdCarrier
{
    public SegmentAttribute(long requestId, long value)
    {
        RequestId = requestId;
        Value = value;
    }

    public static WireCommandType CommandType => WireCommandType.SegmentAttribute;

    public WireCommandType Type => CommandType;

    public long RequestId { get; }

    public long Value { get; }

    public int GetPayloadLength() => 8 + 8;

    public void WriteTo(IBufferWriter<byte> output)
    {
        var w = new PayloadWriter(output);
        w.WriteHeader(CommandType, GetPayloadLength());
        w.WriteInt64(RequestId);
        w.WriteInt64(Value);
        w.Flush();
    }

    public static SegmentAttribute Read(in ReadOnlySequence<byte> payload)
    {
        var r = new PayloadReader(payload, CommandType);
        var requestId = r.ReadInt64("requestId");
        var value = r.ReadInt64("value");
        return new SegmentAttribute(requestId, value);
    }
}
