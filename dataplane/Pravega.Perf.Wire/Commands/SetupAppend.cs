using System.Buffers;
using Pravega.Perf.Common;

namespace Pravega.Perf.Wire.Commands;

/// <summary>SETUP_APPEND (1), client → segment store: start appending to a segment as a writer.</summary>
/// <remarks>
/// <code>
/// offset type                     field                      remark
/// 0      int64                    requestId
/// 8      uuid                     writerId
/// 24     utf                      segment                    u16 length + modified UTF-8
/// +      utf                      delegationToken            optional: "" when absent; u16 length + modified UTF-8
/// </code>
/// </remarks>
public readonly struct SetupAppend : IWireCommand<SetupAppend>, IRequestIdCarrier
{
    public SetupAppend(long requestId, Uuid writerId, WireString segment, WireString delegationToken)
    {
        RequestId = requestId;
        WriterId = writerId;
        Segment = segment;
        DelegationToken = delegationToken;
    }

    public static WireCommandType CommandType => WireCommandType.SetupAppend;

    public WireCommandType Type => CommandType;

    public long RequestId { get; }

    public Uuid WriterId { get; }

    public WireString Segment { get; }

    public WireString DelegationToken { get; }

    public int GetPayloadLength() => 8 + 16 + 2 + Segment.EncodedLength + 2 + DelegationToken.EncodedLength;

    public void WriteTo(IBufferWriter<byte> output)
    {
        var w = new PayloadWriter(output);
        w.WriteHeader(CommandType, GetPayloadLength());
        w.WriteInt64(RequestId);
        w.WriteUuid(WriterId);
        w.WriteString(Segment);
        w.WriteString(DelegationToken);
        w.Flush();
    }

    public static SetupAppend Read(in ReadOnlySequence<byte> payload)
    {
        var r = new PayloadReader(payload, CommandType);
        var requestId = r.ReadInt64("requestId");
        var writerId = r.ReadUuid("writerId");
        var segment = r.ReadString("segment");
        var delegationToken = r.ReadStringOrDefault("delegationToken");
        return new SetupAppend(requestId, writerId, segment, delegationToken);
    }
}
