using System.Buffers;

namespace Pravega.Perf.Wire.Commands;

/// <summary>SEGMENT_ATTRIBUTE_UPDATED (37), segment store → client.</summary>
/// <remarks>
/// <code>
/// offset type                     field                      remark
/// 0      int64                    requestId
/// 8      bool                     success
/// </code>
/// </remarks>
public readonly struct SegmentAttributeUpdated : IWireCommand<SegmentAttributeUpdated>, IRequestIdCarrier
{
    public SegmentAttributeUpdated(long requestId, bool success)
    {
        RequestId = requestId;
        Success = success;
    }

    public static WireCommandType CommandType => WireCommandType.SegmentAttributeUpdated;

    public WireCommandType Type => CommandType;

    public long RequestId { get; }

    public bool Success { get; }

    public int GetPayloadLength() => 8 + 1;

    public void WriteTo(IBufferWriter<byte> output)
    {
        var w = new PayloadWriter(output);
        w.WriteHeader(CommandType, GetPayloadLength());
        w.WriteInt64(RequestId);
        w.WriteBool(Success);
        w.Flush();
    }

    public static SegmentAttributeUpdated Read(in ReadOnlySequence<byte> payload)
    {
        var r = new PayloadReader(payload, CommandType);
        var requestId = r.ReadInt64("requestId");
        var success = r.ReadBool("success");
        return new SegmentAttributeUpdated(requestId, success);
    }
}
