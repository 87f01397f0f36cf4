using System.Buffers;

namespace Pravega.Perf.Wire.Commands;

/// <summary>GET_TABLE_SEGMENT_INFO (68), client → segment store.</summary>
/// <remarks>
/// <code>
/// offset type                     field                      remark
/// 0      int64                    requestId
/// 8      utf                      segmentName                u16 length + modified UTF-8
/// +      utf                      delegationToken            optional: "" when absent; u16 length + modified UTF-8
/// </code>
/// </remarks>
public readonly struct GetTableSegmentInfo : IWireCommand<GetTableSegmentInfo>, IRequestIdCarrier
{
    public GetTableSegmentInfo(long requestId, WireString segmentName, WireString delegationToken)
    {
        RequestId = requestId;
        SegmentName = segmentName;
        DelegationToken = delegationToken;
    }

    public static WireCommandType CommandType => WireCommandType.GetTableSegmentInfo;

    public WireCommandType Type => CommandType;

    public long RequestId { get; }

    public WireString SegmentName { get; }

    public WireString DelegationToken { get; }

    public int GetPayloadLength() => 8 + 2 + SegmentName.EncodedLength + 2 + DelegationToken.EncodedLength;

    public void WriteTo(IBufferWriter<byte> output)
    {
        var w = new PayloadWriter(output);
        w.WriteHeader(CommandType, GetPayloadLength());
        w.WriteInt64(RequestId);
        w.WriteString(SegmentName);
        w.WriteString(DelegationToken);
        w.Flush();
    }

    public static GetTableSegmentInfo Read(in ReadOnlySequence<byte> payload)
    {
        var r = new PayloadReader(payload, CommandType);
        var requestId = r.ReadInt64("requestId");
        var segmentName = r.ReadString("segmentName");
        var delegationToken = r.ReadStringOrDefault("delegationToken");
        return new GetTableSegmentInfo(requestId, segmentName, delegationToken);
    }
}
