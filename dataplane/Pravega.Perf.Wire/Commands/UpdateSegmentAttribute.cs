using System.Buffers;
using Pravega.Perf.Common;

namespace Pravega.Perf.Wire.Commands;

/// <summary>UPDATE_SEGMENT_ATTRIBUTE (36), client → segment store: compare-and-set (expectedValue Long.MIN_VALUE = absent).</summary>
/// <remarks>
/// <code>
/// offset type                     field                      remark
/// 0      int64                    requestId
/// 8      utf                      segmentName                u16 length + modified UTF-8
/// +      uuid                     attributeId
/// +      int64                    newValue
/// +      int64                    expectedValue
/// +      utf                      delegationToken            optional: "" when absent; u16 length + modified UTF-8
/// </code>
/// </remarks>
public readonly struct UpdateSegmentAttribute : IWireCommand<UpdateSegmentAttribute>, IRequestIdCarrier
{
    public UpdateSegmentAttribute(long requestId, WireString segmentName, Uuid attributeId, long newValue, long expectedValue, WireString delegationToken)
    {
        RequestId = requestId;
        SegmentName = segmentName;
        AttributeId = attributeId;
        NewValue = newValue;
        ExpectedValue = expectedValue;
        DelegationToken = delegationToken;
    }

    public static WireCommandType CommandType => WireCommandType.UpdateSegmentAttribute;

    public WireCommandType Type => CommandType;

    public long RequestId { get; }

    public WireString SegmentName { get; }

    public Uuid AttributeId { get; }

    public long NewValue { get; }

    public long ExpectedValue { get; }

    public WireString DelegationToken { get; }

    public int GetPayloadLength() => 8 + 2 + SegmentName.EncodedLength + 16 + 8 + 8 + 2 + DelegationToken.EncodedLength;

    public void WriteTo(IBufferWriter<byte> output)
    {
        var w = new PayloadWriter(output);
        w.WriteHeader(CommandType, GetPayloadLength());
        w.WriteInt64(RequestId);
        w.WriteString(SegmentName);
        w.WriteUuid(AttributeId);
        w.WriteInt64(NewValue);
        w.WriteInt64(ExpectedValue);
        w.WriteString(DelegationToken);
        w.Flush();
    }

    public static UpdateSegmentAttribute Read(in ReadOnlySequence<byte> payload)
    {
        var r = new PayloadReader(payload, CommandType);
        var requestId = r.ReadInt64("requestId");
        var segmentName = r.ReadString("segmentName");
        var attributeId = r.ReadUuid("attributeId");
        var newValue = r.ReadInt64("newValue");
        var expectedValue = r.ReadInt64("expectedValue");
        var delegationToken = r.ReadStringOrDefault("delegationToken");
        return new UpdateSegmentAttribute(requestId, segmentName, attributeId, newValue, expectedValue, delegationToken);
    }
}
