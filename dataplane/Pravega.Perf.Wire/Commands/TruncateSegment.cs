using System.Buffers;

namespace Pravega.Perf.Wire.Commands;

/// <summary>TRUNCATE_SEGMENT (38), client → segment store.</summary>
/// <remarks>
/// <code>
/// offset type                     field                      remark
/// 0      int64                    requestId
/// 8      utf                      segment                    u16 length + modified UTF-8
/// +      int64                    truncationOffset
/// +      utf                      delegationToken            optional: "" when absent; u16 length + modified UTF-8
/// </code>
/// </remarks>
public readonly struct TruncateSegment : IWireCommand<TruncateSegment>, IRequestIdCarrier
{
    public TruncateSegment(long requestId, WireString segment, long truncationOffset, WireString delegationToken)
    {
        RequestId = requestId;
        Segment = segment;
        TruncationOffset = truncationOffset;
        DelegationToken = delegationToken;
    }

    public static WireCommandType CommandType => WireCommandType.TruncateSegment;

    public WireCommandType Type => CommandType;

    public long RequestId { get; }

    public WireString Segment { get; }

    public long TruncationOffset { get; }

    public WireString DelegationToken { get; }

    public int GetPayloadLength() => 8 + 2 + Segment.EncodedLength + 8 + 2 + DelegationToken.EncodedLength;

    public void WriteTo(IBufferWriter<byte> output)
    {
        var w = new PayloadWriter(output);
        w.WriteHeader(CommandType, GetPayloadLength());
        w.WriteInt64(RequestId);
        w.WriteString(Segment);
        w.WriteInt64(TruncationOffset);
        w.WriteString(DelegationToken);
        w.Flush();
    }

    public static TruncateSegment Read(in ReadOnlySequence<byte> payload)
    {
        var r = new PayloadReader(payload, CommandType);
        var requestId = r.ReadInt64("requestId");
        var segment = r.ReadString("segment");
        var truncationOffset = r.ReadInt64("truncationOffset");
        var delegationToken = r.ReadStringOrDefault("delegationToken");
        return new TruncateSegment(requestId, segment, truncationOffset, delegationToken);
    }
}
