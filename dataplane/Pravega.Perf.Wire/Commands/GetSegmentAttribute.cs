using System.Buffers;
using Pravega.Perf.Common;

namespace Pravega.Perf.Wire.Commands;

/// <summary>GET_SEGMENT_ATTRIBUTE (34), client → segment store.</summary>
/// <remarks>
/// <code>
/// offset type                     field                      remark
/// 0      int64                    requestId
/// 8      utf                      segmentName                u16 length + modified UTF-8
/// +      uuid                     attributeId
/// +      utf                      delegationToken            optional: "" when absent; u16 length + modified UTF-8
/// </code>
/// </remarks>
public readonly struct GetSegmentAttribute : IWireCommand<GetSegmentAttribute>, IRequestIdCarrier
{
    public GetSegmentAttribute(long requestId, WireString segmentName, Uuid attributeId, WireString delegationToken)
    {
        RequestId = requestId;
        SegmentName = segmentName;
        AttributeId = attributeId;
        DelegationToken = delegationToken;
    }

    public static WireCommandType CommandType => WireCommandType.GetSegmentAttribute;

    public WireCommandType Type => CommandType;

    public long RequestId { get; }

    public WireString SegmentName { get; }

    public Uuid AttributeId { get; }

    public WireString DelegationToken { get; }

    public int GetPayloadLength() => 8 + 2 + SegmentName.EncodedLength + 16 + 2 + DelegationToken.EncodedLength;

    public void WriteTo(IBufferWriter<byte> output)
    {
        var w = new PayloadWriter(output);
        w.WriteHeader(CommandType, GetPayloadLength());
        w.WriteInt64(RequestId);
        w.WriteString(SegmentName);
        w.WriteUuid(AttributeId);
        w.WriteString(DelegationToken);
        w.Flush();
    }

    public static GetSegmentAttribute Read(in ReadOnlySequence<byte> payload)
    {
        var r = new PayloadReader(payload, CommandType);
        var requestId = r.ReadInt64("requestId");
        var segmentName = r.ReadString("segmentName");
        var attributeId = r.ReadUuid("attributeId");
        var delegationToken = r.ReadStringOrDefault("delegationToken");
        return new GetSegmentAttribute(requestId, segmentName, attributeId, delegationToken);
    }
}
