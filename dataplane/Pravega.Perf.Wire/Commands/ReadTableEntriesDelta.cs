using System.Buffers;

namespace Pravega.Perf.Wire.Commands;

/// <summary>READ_TABLE_ENTRIES_DELTA (88), client → segment store: entries changed since a position.</summary>
/// <remarks>
/// <code>
/// offset type                     field                      remark
/// 0      int64                    requestId
/// 8      utf                      segment                    u16 length + modified UTF-8
/// +      utf                      delegationToken            u16 length + modified UTF-8
/// +      int64                    fromPosition
/// +      int32                    suggestedEntryCount
/// </code>
/// </remarks>
public readonly struct ReadTableEntriesDelta : IWireCommand<ReadTableEntriesDelta>, IRequestIdCarrier
{
    public ReadTableEntriesDelta(long requestId, WireString segment, WireString delegationToken, long fromPosition, int suggestedEntryCount)
    {
        RequestId = requestId;
        Segment = segment;
        DelegationToken = delegationToken;
        FromPosition = fromPosition;
        SuggestedEntryCount = suggestedEntryCount;
    }

    public static WireCommandType CommandType => WireCommandType.ReadTableEntriesDelta;

    public WireCommandType Type => CommandType;

    public long RequestId { get; }

    public WireString Segment { get; }

    public WireString DelegationToken { get; }

    public long FromPosition { get; }

    public int SuggestedEntryCount { get; }

    public int GetPayloadLength() => 8 + 2 + Segment.EncodedLength + 2 + DelegationToken.EncodedLength + 8 + 4;

    public void WriteTo(IBufferWriter<byte> output)
    {
        var w = new PayloadWriter(output);
        w.WriteHeader(CommandType, GetPayloadLength());
        w.WriteInt64(RequestId);
        w.WriteString(Segment);
        w.WriteString(DelegationToken);
        w.WriteInt64(FromPosition);
        w.WriteInt32(SuggestedEntryCount);
        w.Flush();
    }

    public static ReadTableEntriesDelta Read(in ReadOnlySequence<byte> payload)
    {
        var r = new PayloadReader(payload, CommandType);
        var requestId = r.ReadInt64("requestId");
        var segment = r.ReadString("segment");
        var delegationToken = r.ReadString("delegationToken");
        var fromPosition = r.ReadInt64("fromPosition");
        var suggestedEntryCount = r.ReadInt32("suggestedEntryCount");
        return new ReadTableEntriesDelta(requestId, segment, delegationToken, fromPosition, suggestedEntryCount);
    }
}
