using System.Buffers;
using Pravega.Perf.Common;

namespace Pravega.Perf.Wire.Commands;

/// <summary>CREATE_TRANSIENT_SEGMENT (40), client → segment store: a segment deleted when the connection closes; answered by SEGMENT_CREATED.</summary>
/// <remarks>
/// <code>
/// offset type                     field                      remark
/// 0      int64                    requestId
/// 8      uuid                     writerId
/// 24     utf                      parentSegment              u16 length + modified UTF-8
/// +      utf                      delegationToken            optional: "" when absent; u16 length + modified UTF-8
/// </code>
/// </remarks>
public readonly struct CreateTransientSegment : IWireCommand<CreateTransientSegment>, IRequestIdCarrier
{
    public CreateTransientSegment(long requestId, Uuid writerId, WireString parentSegment, WireString delegationToken)
    {
        RequestId = requestId;
        WriterId = writerId;
        ParentSegment = parentSegment;
        DelegationToken = delegationToken;
    }

    public static WireCommandType CommandType => WireCommandType.CreateTransientSegment;

    public WireCommandType Type => CommandType;

    public long RequestId { get; }

    public Uuid WriterId { get; }

    public WireString ParentSegment { get; }

    public WireString DelegationToken { get; }

    public int GetPayloadLength() => 8 + 16 + 2 + ParentSegment.EncodedLength + 2 + DelegationToken.EncodedLength;

    public void WriteTo(IBufferWriter<byte> output)
    {
        var w = new PayloadWriter(output);
        w.WriteHeader(CommandType, GetPayloadLength());
        w.WriteInt64(RequestId);
        w.WriteUuid(WriterId);
        w.WriteString(ParentSegment);
        w.WriteString(DelegationToken);
        w.Flush();
    }

    public static CreateTransientSegment Read(in ReadOnlySequence<byte> payload)
    {
        var r = new PayloadReader(payload, CommandType);
        var requestId = r.ReadInt64("requestId");
        var writerId = r.ReadUuid("writerId");
        var parentSegment = r.ReadString("parentSegment");
        var delegationToken = r.ReadStringOrDefault("delegationToken");
        return new CreateTransientSegment(requestId, writerId, parentSegment, delegationToken);
    }
}
