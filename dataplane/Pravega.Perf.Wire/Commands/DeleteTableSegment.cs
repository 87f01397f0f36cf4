using System.Buffers;

namespace Pravega.Perf.Wire.Commands;

/// <summary>DELETE_TABLE_SEGMENT (71), client → segment store.</summary>
/// <remarks>
/// <code>
/// offset type                     field                      remark
/// 0      int64                    requestId
/// 8      utf                      segment                    u16 length + modified UTF-8
/// +      bool                     mustBeEmpty
/// +      utf                      delegationToken            optional: "" when absent; u16 length + modified UTF-8
/// </code>
/// </remarks>
public readonly struct DeleteTableSegment : IWireCommand<DeleteTableSegment>, IRequestIdCarrier
{
    public DeleteTableSegment(long requestId, WireString segment, bool mustBeEmpty, WireString delegationToken)
    {
        RequestId = requestId;
        Segment = segment;
        MustBeEmpty = mustBeEmpty;
        DelegationToken = delegationToken;
    }

    public static WireCommandType CommandType => WireCommandType.DeleteTableSegment;

    public WireCommandType Type => CommandType;

    public long RequestId { get; }

    public WireString Segment { get; }

    public bool MustBeEmpty { get; }

    public WireString DelegationToken { get; }

    public int GetPayloadLength() => 8 + 2 + Segment.EncodedLength + 1 + 2 + DelegationToken.EncodedLength;

    public void WriteTo(IBufferWriter<byte> output)
    {
        var w = new PayloadWriter(output);
        w.WriteHeader(CommandType, GetPayloadLength());
        w.WriteInt64(RequestId);
        w.WriteString(Segment);
        w.WriteBool(MustBeEmpty);
        w.WriteString(DelegationToken);
        w.Flush();
    }

    public static DeleteTableSegment Read(in ReadOnlySequence<byte> payload)
    {
        var r = new PayloadReader(payload, CommandType);
        var requestId = r.ReadInt64("requestId");
        var segment = r.ReadString("segment");
        var mustBeEmpty = r.ReadBool("mustBeEmpty");
        var delegationToken = r.ReadStringOrDefault("delegationToken");
        return new DeleteTableSegment(requestId, segment, mustBeEmpty, delegationToken);
    }
}
