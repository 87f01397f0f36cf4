using System.Buffers;

namespace Pravega.Perf.Wire.Commands;

/// <summary>LIST_STORAGE_CHUNKS (-5), admin: list the Tier-2 chunks of a segment.</summary>
/// <remarks>
/// <code>
/// offset type                     field                      remark
/// 0      utf                      segment                    u16 length + modified UTF-8
/// +      utf                      delegationToken            u16 length + modified UTF-8
/// +      int64                    requestId
/// </code>
/// </remarks>
public readonly struct ListStorageChunks : IWireCommand<ListStorageChunks>, IRequestIdCarrier
{
    public ListStorageChunks(WireString segment, WireString delegationToken, long requestId)
    {
        Segment = segment;
        DelegationToken = delegationToken;
        RequestId = requestId;
    }

    public static WireCommandType CommandType => WireCommandType.ListStorageChunks;

    public WireCommandType Type => CommandType;

    public WireString Segment { get; }

    public WireString DelegationToken { get; }

    public long RequestId { get; }

    public int GetPayloadLength() => 2 + Segment.EncodedLength + 2 + DelegationToken.EncodedLength + 8;

    public void WriteTo(IBufferWriter<byte> output)
    {
        var w = new PayloadWriter(output);
        w.WriteHeader(CommandType, GetPayloadLength());
        w.WriteString(Segment);
        w.WriteString(DelegationToken);
        w.WriteInt64(RequestId);
        w.Flush();
    }

    public static ListStorageChunks Read(in ReadOnlySequence<byte> payload)
    {
        var r = new PayloadReader(payload, CommandType);
        var segment = r.ReadString("segment");
        var delegationToken = r.ReadString("delegationToken");
        var requestId = r.ReadInt64("requestId");
        return new ListStorageChunks(segment, delegationToken, requestId);
    }
}
