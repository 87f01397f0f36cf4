using System.Buffers;

namespace Pravega.Perf.Wire.Commands;

/// <summary>TABLE_ENTRIES_UPDATED (75), segment store → client: the new key versions.</summary>
/// <remarks>
/// <code>
/// offset type                     field                      remark
/// 0      int64                    requestId
/// 8      int32                    versionCount
/// 12     n × int64                updatedVersions[i]
/// </code>
/// </remarks>
public readonly struct TableEntriesUpdated : IWireCommand<TableEntriesUpdated>, IRequestIdCarrier
{
    private readonly long[]? _updatedVersions;

    public TableEntriesUpdated(long requestId, long[] updatedVersions)
    {
        RequestId = requestId;
        _updatedVersions = updatedVersions;
    }

    public static WireCommandType CommandType => WireCommandType.TableEntriesUpdated;

    public WireCommandType Type => CommandType;

    public long RequestId { get; }

    /// <summary>Never null (empty for a default instance).</summary>
    public long[] UpdatedVersions => _updatedVersions ?? [];

    public int GetPayloadLength() => 8 + 4 + (UpdatedVersions.Length * 8);

    public void WriteTo(IBufferWriter<byte> output)
    {
        var w = new PayloadWriter(output);
        w.WriteHeader(CommandType, GetPayloadLength());
        w.WriteInt64(RequestId);
        w.WriteInt32(UpdatedVersions.Length);
        foreach (var item in UpdatedVersions)
        {
            w.WriteInt64(item);
        }
        w.Flush();
    }

    public static TableEntriesUpdated Read(in ReadOnlySequence<byte> payload)
    {
        var r = new PayloadReader(payload, CommandType);
        var requestId = r.ReadInt64("requestId");
        var updatedVersions = new long[r.ReadCount("versionCount", 8)];
        for (var i = 0; i < updatedVersions.Length; i++)
        {
            updatedVersions[i] = r.ReadInt64("updatedVersions");
        }
        return new TableEntriesUpdated(requestId, updatedVersions);
    }
}
