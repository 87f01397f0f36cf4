using System.Buffers;

namespace Pravega.Perf.Wire.Commands;

/// <summary>TABLE_ENTRIES_DELTA_READ (87), segment store → client.</summary>
/// <remarks>
/// <code>
/// offset type                     field                      remark
/// 0      int64                    requestId
/// 8      utf                      segment                    u16 length + modified UTF-8
/// +      int32                    entryCount
/// +      n × TableEntry           entries[i]
/// +      bool                     shouldClear
/// +      bool                     reachedEnd
/// +      int64                    lastPosition
/// </code>
/// </remarks>
public readonly struct TableEntriesDeltaRead : IWireCommand<TableEntriesDeltaRead>, IRequestIdCarrier
{
    private readonly TableEntry[]? _entries;

    public TableEntriesDeltaRead(long requestId, WireString segment, TableEntry[] entries, bool shouldClear, bool reachedEnd, long lastPosition)
    {
        RequestId = requestId;
        Segment = segment;
        _entries = entries;
        ShouldClear = shouldClear;
        ReachedEnd = reachedEnd;
        LastPosition = lastPosition;
    }

    public static WireCommandType CommandType => WireCommandType.TableEntriesDeltaRead;

    public WireCommandType Type => CommandType;

    public long RequestId { get; }

    public WireString Segment { get; }

    /// <summary>Never null (empty for a default instance).</summary>
    public TableEntry[] Entries => _entries ?? [];

    public bool ShouldClear { get; }

    public bool ReachedEnd { get; }

    public long LastPosition { get; }

    public int GetPayloadLength() => 8 + 2 + Segment.EncodedLength + 4 + SizeOf(Entries) + 1 + 1 + 8;

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
        w.WriteBool(ShouldClear);
        w.WriteBool(ReachedEnd);
        w.WriteInt64(LastPosition);
        w.Flush();
    }

    public static TableEntriesDeltaRead Read(in ReadOnlySequence<byte> payload)
    {
        var r = new PayloadReader(payload, CommandType);
        var requestId = r.ReadInt64("requestId");
        var segment = r.ReadString("segment");
        var entries = new TableEntry[r.ReadCount("entryCount", TableEntry.MinSize)];
        for (var i = 0; i < entries.Length; i++)
        {
            entries[i] = TableEntry.Read(ref r);
        }
        var shouldClear = r.ReadBool("shouldClear");
        var reachedEnd = r.ReadBool("reachedEnd");
        var lastPosition = r.ReadInt64("lastPosition");
        return new TableEntriesDeltaRead(requestId, segment, entries, shouldClear, reachedEnd, lastPosition);
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
