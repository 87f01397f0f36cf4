using System.Buffers;

namespace Pravega.Perf.Wire.Commands;

/// <summary>LOCATE_OFFSET (41), client → segment store: search the segment's index.</summary>
/// <remarks>
/// <code>
/// offset type                     field                      remark
/// 0      int64                    requestId
/// 8      utf                      segment                    u16 length + modified UTF-8
/// +      int64                    targetOffset
/// +      utf                      delegationToken            optional: "" when absent; u16 length + modified UTF-8
/// </code>
/// </remarks>
public readonly struct LocateOffset : IWireCommand<LocateOffset>, IRequestIdCarrier
{
    public LocateOffset(long requestId, WireString segment, long targetOffset, WireString delegationToken)
    {
        RequestId = requestId;
        Segment = segment;
        TargetOffset = targetOffset;
        DelegationToken = delegationToken;
    }

    public static WireCommandType CommandType => WireCommandType.LocateOffset;

    public WireCommandType Type => CommandType;

    public long RequestId { get; }

    public WireString Segment { get; }

    public long TargetOffset { get; }

    public WireString DelegationToken { get; }

    public int GetPayloadLength() => 8 + 2 + Segment.EncodedLength + 8 + 2 + DelegationToken.EncodedLength;

    public void WriteTo(IBufferWriter<byte> output)
    {
        var w = new PayloadWriter(output);
        w.WriteHeader(CommandType, GetPayloadLength());
        w.WriteInt64(RequestId);
        w.WriteString(Segment);
        w.WriteInt64(TargetOffset);
        w.WriteString(DelegationToken);
        w.Flush();
    }

    public static LocateOffset Read(in ReadOnlySequence<byte> payload)
    {
        var r = new PayloadReader(payload, CommandType);
        var requestId = r.ReadInt64("requestId");
        var segment = r.ReadString("segment");
        var targetOffset = r.ReadInt64("targetOffset");
        var delegationToken = r.ReadStringOrDefault("delegationToken");
        return new LocateOffset(requestId, segment, targetOffset, delegationToken);
    }
}
