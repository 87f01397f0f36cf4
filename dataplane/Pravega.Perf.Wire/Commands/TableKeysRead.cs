using System.Buffers;

namespace Pravega.Perf.Wire.Commands;

/// <summary>TABLE_KEYS_READ (84), segment store → client.</summary>
/// <remarks>
/// <code>
/// offset type                     field                      remark
/// 0      int64                    requestId
/// 8      utf                      segment                    u16 length + modified UTF-8
/// +      int32                    keyCount
/// +      n × TableKey             keys[i]
/// +      int32                    continuationTokenLength
/// +      bytes                    continuationToken
/// </code>
/// </remarks>
public readonly struct TableKeysRead : IWireCommand<TableKeysRead>, IRequestIdCarrier
{
    private readonly TableKey[]? _keys;

    public TableKeysRead(long requestId, WireString segment, TableKey[] keys, ReadOnlySequence<byte> continuationToken)
    {
        RequestId = requestId;
        Segment = segment;
        _keys = keys;
        ContinuationToken = continuationToken;
    }

    public static WireCommandType CommandType => WireCommandType.TableKeysRead;

    public WireCommandType Type => CommandType;

    public long RequestId { get; }

    public WireString Segment { get; }

    /// <summary>Never null (empty for a default instance).</summary>
    public TableKey[] Keys => _keys ?? [];

    public ReadOnlySequence<byte> ContinuationToken { get; }

    public int GetPayloadLength() => 8 + 2 + Segment.EncodedLength + 4 + SizeOf(Keys) + 4 + (int)ContinuationToken.Length;

    public void WriteTo(IBufferWriter<byte> output)
    {
        var w = new PayloadWriter(output);
        w.WriteHeader(CommandType, GetPayloadLength());
        w.WriteInt64(RequestId);
        w.WriteString(Segment);
        w.WriteInt32(Keys.Length);
        foreach (var item in Keys)
        {
            item.Write(ref w);
        }
        w.WriteBlob(ContinuationToken);
        w.Flush();
    }

    public static TableKeysRead Read(in ReadOnlySequence<byte> payload)
    {
        var r = new PayloadReader(payload, CommandType);
        var requestId = r.ReadInt64("requestId");
        var segment = r.ReadString("segment");
        var keys = new TableKey[r.ReadCount("keyCount", TableKey.MinSize)];
        for (var i = 0; i < keys.Length; i++)
        {
            keys[i] = TableKey.Read(ref r, "keys.payloadLength", "keys.data", "keys.keyVersion");
        }
        var continuationToken = r.ReadBlob("continuationToken");
        return new TableKeysRead(requestId, segment, keys, continuationToken);
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
