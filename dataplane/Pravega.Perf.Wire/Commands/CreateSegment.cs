using System.Buffers;

namespace Pravega.Perf.Wire.Commands;

/// <summary>CREATE_SEGMENT (20), client → segment store: create a stream segment (scaleType 0 none, 1 KB/s, 2 events/s).</summary>
/// <remarks>
/// <code>
/// offset type                     field                      remark
/// 0      int64                    requestId
/// 8      utf                      segment                    u16 length + modified UTF-8
/// +      int32                    targetRate
/// +      int8                     scaleType
/// +      utf                      delegationToken            optional: "" when absent; u16 length + modified UTF-8
/// +      int64                    rolloverSizeBytes          optional: 0 when absent
/// </code>
/// </remarks>
public readonly struct CreateSegment : IWireCommand<CreateSegment>, IRequestIdCarrier
{
    public CreateSegment(long requestId, WireString segment, int targetRate, byte scaleType, WireString delegationToken, long rolloverSizeBytes)
    {
        RequestId = requestId;
        Segment = segment;
        TargetRate = targetRate;
        ScaleType = scaleType;
        DelegationToken = delegationToken;
        RolloverSizeBytes = rolloverSizeBytes;
    }

    public static WireCommandType CommandType => WireCommandType.CreateSegment;

    public WireCommandType Type => CommandType;

    public long RequestId { get; }

    public WireString Segment { get; }

    public int TargetRate { get; }

    public byte ScaleType { get; }

    public WireString DelegationToken { get; }

    public long RolloverSizeBytes { get; }

    public int GetPayloadLength() => 8 + 2 + Segment.EncodedLength + 4 + 1 + 2 + DelegationToken.EncodedLength + 8;

    public void WriteTo(IBufferWriter<byte> output)
    {
        var w = new PayloadWriter(output);
        w.WriteHeader(CommandType, GetPayloadLength());
        w.WriteInt64(RequestId);
        w.WriteString(Segment);
        w.WriteInt32(TargetRate);
        w.WriteByte(ScaleType);
        w.WriteString(DelegationToken);
        w.WriteInt64(RolloverSizeBytes);
        w.Flush();
    }

    public static CreateSegment Read(in ReadOnlySequence<byte> payload)
    {
        var r = new PayloadReader(payload, CommandType);
        var requestId = r.ReadInt64("requestId");
        var segment = r.ReadString("segment");
        var targetRate = r.ReadInt32("targetRate");
        var scaleType = r.ReadByte("scaleType");
        var delegationToken = r.ReadStringOrDefault("delegationToken");
        var rolloverSizeBytes = r.ReadInt64OrDefault("rolloverSizeBytes", 0);
        return new CreateSegment(requestId, segment, targetRate, scaleType, delegationToken, rolloverSizeBytes);
    }
}
