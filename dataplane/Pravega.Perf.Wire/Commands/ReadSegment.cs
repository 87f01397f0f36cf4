using System.Buffers;

namespace Pravega.Perf.Wire.Commands;

/// <summary>READ_SEGMENT (9), client → segment store: read from an offset.</summary>
/// <remarks>
/// <code>
/// offset type                     field                      remark
/// 0      utf                      segment                    u16 length + modified UTF-8
/// +      int64                    offset
/// +      int32                    suggestedLength
/// +      utf                      delegationToken            optional: "" when absent; u16 length + modified UTF-8
/// +      int64                    requestId                  optional: -1 when absent
/// </code>
/// </remarks>
public readonly struct ReadSegment : IWireCommand<ReadSegment>, IRequestIdCarrier
{
    public ReadSegment(WireString segment, long offset, int suggestedLength, WireString delegationToken, long requestId)
    {
        Segment = segment;
        Offset = offset;
        SuggestedLength = suggestedLength;
        DelegationToken = delegationToken;
        RequestId = requestId;
    }

    public static WireCommandType CommandType => WireCommandType.ReadSegment;

    public WireCommandType Type => CommandType;

    public WireString Segment { get; }

    public long Offset { get; }

    public int SuggestedLength { get; }

    public WireString DelegationToken { get; }

    public long RequestId { get; }

    public int GetPayloadLength() => 2 + Segment.EncodedLength + 8 + 4 + 2 + DelegationToken.EncodedLength + 8;

    public void WriteTo(IBufferWriter<byte> output)
    {
        var w = new PayloadWriter(output);
        w.WriteHeader(CommandType, GetPayloadLength());
        w.WriteString(Segment);
        w.WriteInt64(Offset);
        w.WriteInt32(SuggestedLength);
        w.WriteString(DelegationToken);
        w.WriteInt64(RequestId);
        w.Flush();
    }

    public static ReadSegment Read(in ReadOnlySequence<byte> payload)
    {
        var r = new PayloadReader(payload, CommandType);
        var segment = r.ReadString("segment");
        var offset = r.ReadInt64("offset");
        var suggestedLength = r.ReadInt32("suggestedLength");
        var delegationToken = r.ReadStringOrDefault("delegationToken");
        var requestId = r.ReadInt64OrDefault("requestId", -1);
        return new ReadSegment(segment, offset, suggestedLength, delegationToken, requestId);
    }
}
