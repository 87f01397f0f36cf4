using System.Buffers;

namespace Pravega.Perf.Wire.Commands;

/// <summary>TABLE_READ (79), segment store → client.</summary>
/// <remarks>
/// <code>
/// offset type                     field                      remark
/// 0      int64                    requestId
/// 8      utf                      segment                    u16 length + modified UTF-8
/// +      int32                    entryCount
/// +      n × TableEntry           entries[i]
/// </code>
/// </remarks>
public readonly struct TableRead : IWireCommand<TableRead>, IRequestIdCarrier
{
    private readonly TableEntry[]? _entries;

    public TableRead(long requestId, WireString segment, TableEntry[] entries)
    {
        RequestId = requestId;
        Segment = segment;
        _entries = entries;
    }

    public static WireCommandType CommandType => WireCommandType.TableRead;

    public WireCommandType Type => CommandType;

    public long RequestId { get; }

    public WireString Segment { get; }

    /// <summary>Never null (empty for a default instance).</summary>
    public TableEntry[] Entries => _entries ?? [];

    public int GetPayloadLength() => 8 + 2 + Segment.EncodedLength + 4 + SizeOf(Entries);

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
        w.Flush();
    }

    public static TableRead Read(in ReadOnlySequence<byte> payload)
    {
        var r = new PayloadReader(payload, CommandType);
        var requestId = r.ReadInt64("requestId");
        var segment = r.ReadString("segment");
        var entries = new TableEntry[r.ReadCount("entryCount", TableEntry.MinSize)];
        for (var i = 0; i < entries.Length; i++)
        {
            entries[i] = TableEntry.Read(ref r);
        }
        return new TableRead(requestId, segment, entries);
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
