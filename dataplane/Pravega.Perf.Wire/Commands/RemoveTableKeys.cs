using System.Buffers;

namespace Pravega.Perf.Wire.Commands;

/// <summary>REMOVE_TABLE_KEYS (76), client → segment store.</summary>
/// <remarks>
/// <code>
/// offset type                     field                      remark
/// 0      int64                    requestId
/// 8      utf                      segment                    u16 length + modified UTF-8
/// +      utf                      delegationToken            u16 length + modified UTF-8
/// +      int32                    keyCount
/// +      n × TableKey             keys[i]
/// +      int64                    tableSegmentOffset         optional: -1 when absent
/// </code>
/// </remarks>
public readonly struct RemoveTableKeys : IWireCommand<RemoveTableKeys>, IRequestIdCarrier
{
    private readonly TableKey[]? _keys;

    public RemoveTableKeys(long requestId, WireString segment, WireString delegationToken, TableKey[] keys, long tableSegmentOffset)
    {
        RequestId = requestId;
        Segment = segment;
        DelegationToken = delegationToken;
        _keys = keys;
        TableSegmentOffset = tableSegmentOffset;
    }

    public static WireCommandType CommandType => WireCommandType.RemoveTableKeys;

    public WireCommandType Type => CommandType;

    public long RequestId { get; }

    public WireString Segment { get; }

    public WireString DelegationToken { get; }

    /// <summary>Never null (empty for a default instance).</summary>
    public TableKey[] Keys => _keys ?? [];

    public long TableSegmentOffset { get; }

    public int GetPayloadLength() => 8 + 2 + Segment.EncodedLength + 2 + DelegationToken.EncodedLength + 4 + SizeOf(Keys) + 8;

    public void WriteTo(IBufferWriter<byte> output)
    {
        var w = new PayloadWriter(output);
        w.WriteHeader(CommandType, GetPayloadLength());
        w.WriteInt64(RequestId);
        w.WriteString(Segment);
        w.WriteString(DelegationToken);
        w.WriteInt32(Keys.Length);
        foreach (var item in Keys)
        {
            item.Write(ref w);
        }
        w.WriteInt64(TableSegmentOffset);
        w.Flush();
    }

    public static RemoveTableKeys Read(in ReadOnlySequence<byte> payload)
    {
        var r = new PayloadReader(payload, CommandType);
        var requestId = r.ReadInt64("requestId");
        var segment = r.ReadString("segment");
        var delegationToken = r.ReadString("delegationToken");
        var keys = new TableKey[r.ReadCount("keyCount", TableKey.MinSize)];
        for (var i = 0; i < keys.Length; i++)
        {
            keys[i] = TableKey.Read(ref r, "keys.payloadLength", "keys.data", "keys.keyVersion");
        }
        var tableSegmentOffset = r.ReadInt64OrDefault("tableSegmentOffset", -1);
        return new RemoveTableKeys(requestId, segment, delegationToken, keys, tableSegmentOffset);
    }

    private static int SizeOf(TableKey[] items)
    {
        var size = 0;
        foreach (var item in items)
        {
            size += item.Size;
        }
        return size;
    }
}
