using System.Buffers;

namespace Pravega.Perf.Wire.Commands;

/// <summary>UPDATE_TABLE_ENTRIES (74), client → segment store: put entries (tableSegmentOffset −1 = unconditional).</summary>
/// <remarks>
/// <code>
/// offset type                     field                      remark
/// 0      int64                    requestId
/// 8      utf                      segment                    u16 length + modified UTF-8
/// +      utf                      delegationToken            u16 length + modified UTF-8
/// +      int32                    entryCount
/// +      n × TableEntry           entries[i]
/// +      int64                    tableSegmentOffset         optional: -1 when absent
/// </code>
/// </remarks>
public readonly struct UpdateTableEntries : IWireCommand<UpdateTableEntries>, IRequestIdCarrier
{
    private readonly TableEntry[]? _entries;

    public UpdateTableEntries(long requestId, WireString segment, WireString delegationToken, TableEntry[] entries, long tableSegmentOffset)
    {
        RequestId = requestId;
        Segment = segment;
        DelegationToken = delegationToken;
        _entries = entries;
        TableSegmentOffset = tableSegmentOffset;
    }

    public static WireCommandType CommandType => WireCommandType.UpdateTableEntries;

    public WireCommandType Type => CommandType;

    public long RequestId { get; }

    public WireString Segment { get; }

    public WireString DelegationToken { get; }

    /// <summary>Never null (empty for a default instance).</summary>
    public TableEntry[] Entries => _entries ?? [];

    public long TableSegmentOffset { get; }

    public int GetPayloadLength() => 8 + 2 + Segment.EncodedLength + 2 + DelegationToken.EncodedLength + 4 + SizeOf(Entries) + 8;

    public void WriteTo(IBufferWriter<byte> output)
    {
        var w = new PayloadWriter(output);
        w.WriteHeader(CommandType, GetPayloadLength());
        w.WriteInt64(RequestId);
        w.WriteString(Segment);
        w.WriteString(DelegationToken);
        w.WriteInt32(Entries.Length);
        foreach (var item in Entries)
        {
            item.Write(ref w);
        }
        w.WriteInt64(TableSegmentOffset);
        w.Flush();
    }

    public static UpdateTableEntries Read(in ReadOnlySequence<byte> payload)
    {
        var r = new PayloadReader(payload, CommandType);
        var requestId = r.ReadInt64("requestId");
        var segment = r.ReadString("segment");
        var delegationToken = r.ReadString("delegationToken");
        var entries = new TableEntry[r.ReadCount("entryCount", TableEntry.MinSize)];
        for (var i = 0; i < entries.Length; i++)
        {
            entries[i] = TableEntry.Read(ref r);
        }
        var tableSegmentOffset = r.ReadInt64OrDefault("tableSegmentOffset", -1);
        return new UpdateTableEntries(requestId, segment, delegationToken, entries, tableSegmentOffset);
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
