using System.Buffers;

namespace Pravega.Perf.Wire.Commands;

/// <summary>MERGE_SEGMENTS_BATCH (90), client → segment store: merge several sources in order.</summary>
/// <remarks>
/// <code>
/// offset type                     field                      remark
/// 0      int64                    requestId
/// 8      utf                      targetSegmentId            u16 length + modified UTF-8
/// +      int32                    sourceCount
/// +      n × utf                  sourceSegmentIds[i]
/// +      utf                      delegationToken            optional: "" when absent; u16 length + modified UTF-8
/// </code>
/// </remarks>
public readonly struct MergeSegmentsBatch : IWireCommand<MergeSegmentsBatch>, IRequestIdCarrier
{
    private readonly WireString[]? _sourceSegmentIds;

    public MergeSegmentsBatch(long requestId, WireString targetSegmentId, WireString[] sourceSegmentIds, WireString delegationToken)
    {
        RequestId = requestId;
        TargetSegmentId = targetSegmentId;
        _sourceSegmentIds = sourceSegmentIds;
        DelegationToken = delegationToken;
    }

    public static WireCommandType CommandType => WireCommandType.MergeSegmentsBatch;

    public WireCommandType Type => CommandType;

    public long RequestId { get; }

    public WireString TargetSegmentId { get; }

    /// <summary>Never null (empty for a default instance).</summary>
    public WireString[] SourceSegmentIds => _sourceSegmentIds ?? [];

    public WireString DelegationToken { get; }

    public int GetPayloadLength() => 8 + 2 + TargetSegmentId.EncodedLength + 4 + SizeOf(SourceSegmentIds) + 2 + DelegationToken.EncodedLength;

    public void WriteTo(IBufferWriter<byte> output)
    {
        var w = new PayloadWriter(output);
        w.WriteHeader(CommandType, GetPayloadLength());
        w.WriteInt64(RequestId);
        w.WriteString(TargetSegmentId);
        w.WriteInt32(SourceSegmentIds.Length);
        foreach (var item in SourceSegmentIds)
        {
            w.WriteString(item);
        }
        w.WriteString(DelegationToken);
        w.Flush();
    }

    public static MergeSegmentsBatch Read(in ReadOnlySequence<byte> payload)
    {
        var r = new PayloadReader(payload, CommandType);
        var requestId = r.ReadInt64("requestId");
        var targetSegmentId = r.ReadString("targetSegmentId");
        var sourceSegmentIds = new WireString[r.ReadCount("sourceCount", 2)];
        for (var i = 0; i < sourceSegmentIds.Length; i++)
        {
            sourceSegmentIds[i] = r.ReadString("sourceSegmentIds");
        }
        var delegationToken = r.ReadStringOrDefault("delegationToken");
        return new MergeSegmentsBatch(requestId, targetSegmentId, sourceSegmentIds, delegationToken);
    }

    private static int SizeOf(WireString[] items)
    {
        var size = 0;
        foreach (var item in items)
        {
            size += 2 + item.EncodedLength;
        }
        return size;
    }
}
