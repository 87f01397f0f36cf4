using System.Buffers;

namespace Pravega.Perf.Wire.Commands;

/// <summary>SEAL_SEGMENT (28), client → segment store.</summary>
/// <remarks>
/// <code>
/// offset type                     field                      remark
/// 0      int64                    requestId
/// 8      utf                      segment                    u16 length + modified UTF-8
/// +      utf                      delegationToken            optional: "" when absent; u16 length + modified UTF-8
/// </code>
/// </remarks>
public readonly struct SealSegment : IWireCommand<SealSegment>, IRequestIdCarrier
{
    public SealSegment(long requestId, WireString segment, WireString delegationToken)
    {
        RequestId = requestId;
        Segment = segment;
        DelegationToken = delegationToken;
    }

    public static WireCommandType CommandType => WireCommandType.SealSegment;

    public WireCommandType Type => CommandType;

    public long RequestId { get; }

    public WireString Segment { get; }

    public WireString DelegationToken { get; }

    public int GetPayloadLength() => 8 + 2 + Segment.EncodedLength + 2 + DelegationToken.EncodedLength;

    public void WriteTo(IBufferWriter<byte> output)
    {
        var w = new PayloadWriter(output);
        w.WriteHeader(CommandType, GetPayloadLength());
        w.WriteInt64(RequestId);
        w.WriteString(Segment);
        w.WriteString(DelegationToken);
        w.Flush();
    }

    public static SealSegment Read(in ReadOnlySequence<byte> payload)
    {
        var r = new PayloadReader(payload, CommandType);
        var requestId = r.ReadInt64("requestId");
        var segment = r.ReadString("segment");
        var delegationToken = r.ReadStringOrDefault("delegationToken");
        return new SealSegment(requestId, segment, delegationToken);
    }
}
