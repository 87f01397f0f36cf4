using System.Buffers;

namespace Pravega.Perf.Wire.Commands;

/// <summary>UPDATE_SEGMENT_POLICY (32), client → segment store: change the scaling policy.</summary>
/// <remarks>
/// <code>
/// offset type                     field                      remark
/// 0      int64                    requestId
/// 8      utf                      segment                    u16 length + modified UTF-8
/// +      int32                    targetRate
/// +      int8                     scaleType
/// +      utf                      delegationToken            optional: "" when absent; u16 length + modified UTF-8
/// </code>
/// </remarks>
public readonly struct UpdateSegmentPolicy : IWireCommand<UpdateSegmentPolicy>, IRequestIdCarrier
{
    public UpdateSegmentPolicy(long requestId, WireString segment, int targetRate, byte scaleType, WireString delegationToken)
    {
        RequestId = requestId;
        Segment = segment;
        TargetRate = targetRate;
        ScaleType = scaleType;
        DelegationToken = delegationToken;
    }

    public static WireCommandType CommandType => WireCommandType.UpdateSegmentPolicy;

    public WireCommandType Type => CommandType;

    public long RequestId { get; }

    public WireString Segment { get; }

    public int TargetRate { get; }

    public byte ScaleType { get; }

    public WireString DelegationToken { get; }

    public int GetPayloadLength() => 8 + 2 + Segment.EncodedLength + 4 + 1 + 2 + DelegationToken.EncodedLength;

    public void WriteTo(IBufferWriter<byte> output)
    {
        var w = new PayloadWriter(output);
        w.WriteHeader(CommandType, GetPayloadLength());
        w.WriteInt64(RequestId);
        w.WriteString(Segment);
        w.WriteInt32(TargetRate);
        w.WriteByte(ScaleType);
        w.WriteString(DelegationToken);
        w.Flush();
    }

    public static UpdateSegmentPolicy Read(in ReadOnlySequence<byte> payload)
    {
        var r = new PayloadReader(payload, CommandType);
        var requestId = r.ReadInt64("requestId");
        var segment = r.ReadString("segment");
        var targetRate = r.ReadInt32("targetRate");
        var scaleType = r.ReadByte("scaleType");
        var delegationToken = r.ReadStringOrDefault("delegationToken");
        return new UpdateSegmentPolicy(requestId, segment, targetRate, scaleType, delegationToken);
    }
}
