using System.Buffers;

namespace Pravega.Perf.Wire.Commands;

/// <summary>TABLE_ENTRIES_READ (86), segment store → client.</summary>
/// <remarks>
/// <code>
/// offset type                     field                      remark
/// 0      int64                    requestId
/// 8      utf                      segment                    u16 length + modified UTF-8
/// +      int32                    entryCount
/// +      n × TableEntry           entries[i]
/// +      int32                    continuationTokenLength
/// +      bytes                    continuationToken
/// </code>
/// </remarks>
public readonly struct TableEntriesRead : IWireCommand<TableEntriesRead>, IRequestIdCarrier
{
    private readonly TableEntry[]? _entries;

    public TableEntriesRead(long requestId, WireString segment, TableEntry[] entries, ReadOnlySequence<byte> continuationToken)
    {
        RequestId = requestId;
        Segment = segment;
        _entries = entries;
        ContinuationToken = continuationToken;
    }

    public static WireCommandType CommandType => WireCommandType.TableEntriesRead;

    public WireCommandType Type => CommandType;

    public long RequestId { get; }

    public WireString Segment { get; }

    /// <summary>Never null (empty for a default instance).</summary>
    public TableEntry[] Entries => _entries ?? [];

    public ReadOnlySequence<byte> ContinuationToken { get; }

    public int GetPayloadLength() => 8 + 2 + Segment.EncodedLength + 4 + SizeOf(Entries) + 4 + (int)ContinuationToken.Length;

    public void WriteTo(IBufferWriter<byte> output)
    {
        var w = new PayloadWriter(output);
        w.WriteHeader(CommandType, GetPayloadLength());
        w.WriteInt64(RequestId);
        w.WriteString(Segment);
        w.WriteInt32(Entries.Length);
        foreach (var item in Entries)
        {
            item.Write(ref w);
        }
        w.WriteBlob(ContinuationToken);
        w.Flush();
    }

    public static TableEntriesRead Read(in ReadOnlySequence<byte> payload)
    {
        var r = new PayloadReader(payload, CommandType);
        var requestId = r.ReadInt64("requestId");
        var segment = r.ReadString("segment");
        var entries = new TableEntry[r.ReadCount("entryCount", TableEntry.MinSize)];
        for (var i = 0; i < entries.Length; i++)
        {
            entries[i] = TableEntry.Read(ref r);
        }
        var continuationToken = r.ReadBlob("continuationToken");
        return new TableEntriesRead(requestId, segment, entries, continuationToken);
    }

    private static int SizeOf(TableEntry[] items)
    {
        var size = 0;
        foreach (var item in items)
        {
            size += item.Size;
        }
        return size;
    }
}
