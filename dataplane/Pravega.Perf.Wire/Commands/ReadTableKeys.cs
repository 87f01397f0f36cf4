using System.Buffers;

namespace Pravega.Perf.Wire.Commands;

/// <summary>READ_TABLE_KEYS (83), client → segment store: iterate keys.</summary>
/// <remarks>
/// <code>
/// offset type                     field                      remark
/// 0      int64                    requestId
/// 8      utf                      segment                    u16 length + modified UTF-8
/// +      utf                      delegationToken            u16 length + modified UTF-8
/// +      int32                    suggestedKeyCount
/// +      TableIteratorArgs        args
/// </code>
/// </remarks>
public readonly struct ReadTableKeys : IWireCommand<ReadTableKeys>, IRequestIdCarrier
{
    public ReadTableKeys(long requestId, WireString segment, WireString delegationToken, int suggestedKeyCount, TableIteratorArgs args)
    {
        RequestId = requestId;
        Segment = segment;
        DelegationToken = delegationToken;
        SuggestedKeyCount = suggestedKeyCount;
        Args = args;
    }

    public static WireCommandType CommandType => WireCommandType.ReadTableKeys;

    public WireCommandType Type => CommandType;

    public long RequestId { get; }

    public WireString Segment { get; }

    public WireString DelegationToken { get; }

    public int SuggestedKeyCount { get; }

    public TableIteratorArgs Args { get; }

    public int GetPayloadLength() => 8 + 2 + Segment.EncodedLength + 2 + DelegationToken.EncodedLength + 4 + Args.Size;

    public void WriteTo(IBufferWriter<byte> output)
    {
        var w = new PayloadWriter(output);
        w.WriteHeader(CommandType, GetPayloadLength());
        w.WriteInt64(RequestId);
        w.WriteString(Segment);
        w.WriteString(DelegationToken);
        w.WriteInt32(SuggestedKeyCount);
        Args.Write(ref w);
        w.Flush();
    }

    public static ReadTableKeys Read(in ReadOnlySequence<byte> payload)
    {
        var r = new PayloadReader(payload, CommandType);
        var requestId = r.ReadInt64("requestId");
        var segment = r.ReadString("segment");
        var delegationToken = r.ReadString("delegationToken");
        var suggestedKeyCount = r.ReadInt32("suggestedKeyCount");
        var args = TableIteratorArgs.Read(ref r);
        return new ReadTableKeys(requestId, segment, delegationToken, suggestedKeyCount, args);
    }
}
