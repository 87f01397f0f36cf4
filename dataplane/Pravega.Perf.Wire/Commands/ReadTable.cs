using System.Buffers;

namespace Pravega.Perf.Wire.Commands;

/// <summary>READ_TABLE (78), client → segment store: get the entries of some keys.</summary>
/// <remarks>
/// <code>
/// offset type                     field                      remark
/// 0      int64                    requestId
/// 8      utf                      segment                    u16 length + modified UTF-8
/// +      utf                      delegationToken            u16 length + modified UTF-8
/// +      int32                    keyCount
/// +      n × TableKey             keys[i]
/// </code>
/// </remarks>
public readonly struct ReadTable : IWireCommand<ReadTable>, IRequestIdCarrier
{
    private readonly TableKey[]? _keys;

    public ReadTable(long requestId, WireString segment, WireString delegationToken, TableKey[] keys)
    {
        RequestId = requestId;
        Segment = segment;
        DelegationToken = delegationToken;
        _keys = keys;
    }

    public static WireCommandType CommandType => WireCommandType.ReadTable;

    public WireCommandType Type => CommandType;

    public long RequestId { get; }

    public WireString Segment { get; }

    public WireString DelegationToken { get; }

    /// <summary>Never null (empty for a default instance).</summary>
    public TableKey[] Keys => _keys ?? [];

    public int GetPayloadLength() => 8 + 2 + Segment.EncodedLength + 2 + DelegationToken.EncodedLength + 4 + SizeOf(Keys);

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
        w.Flush();
    }

    public static ReadTable Read(in ReadOnlySequence<byte> payload)
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
        return new ReadTable(requestId, segment, delegationToken, keys);
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
