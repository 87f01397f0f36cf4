using System.Buffers;

namespace Pravega.Perf.Wire.Commands;

/// <summary>SEGMENTS_BATCH_MERGED (91), segment store → client.</summary>
/// <remarks>
/// <code>
/// offset type                     field                      remark
/// 0      int64                    requestId
/// 8      utf                      target                     u16 length + modified UTF-8
/// +      int32                    count
/// +      n × (utf, int64)         sources[i], newTargetWriteOffset[i]
/// </code>
/// </remarks>
public readonly struct SegmentsBatchMerged : IWireCommand<SegmentsBatchMerged>, IRequestIdCarrier
{
    private readonly WireString[]? _sources;
    private readonly long[]? _newTargetWriteOffset;

    public SegmentsBatchMerged(long requestId, WireString target, WireString[] sources, long[] newTargetWriteOffset)
    {
        RequestId = requestId;
        Target = target;
        _sources = sources;
        _newTargetWriteOffset = newTargetWriteOffset;
        if (Sources.Length != NewTargetWriteOffset.Length)
        {
            throw new ArgumentException("one offset per source", nameof(newTargetWriteOffset));
        }
    }

    public static WireCommandType CommandType => WireCommandType.SegmentsBatchMerged;

    public WireCommandType Type => CommandType;

    public long RequestId { get; }

    public WireString Target { get; }

    /// <summary>Never null (empty for a default instance).</summary>
    public WireString[] Sources => _sources ?? [];

    /// <summary>Never null (empty for a default instance).</summary>
    public long[] NewTargetWriteOffset => _newTargetWriteOffset ?? [];

    public int GetPayloadLength() => 8 + 2 + Target.EncodedLength + 4 + SizeOfPairs();

    public void WriteTo(IBufferWriter<byte> output)
    {
        var w = new PayloadWriter(output);
        w.WriteHeader(CommandType, GetPayloadLength());
        w.WriteInt64(RequestId);
        w.WriteString(Target);
        w.WriteInt32(Sources.Length);
        for (var i = 0; i < Sources.Length; i++)
        {
            w.WriteString(Sources[i]);
            w.WriteInt64(NewTargetWriteOffset[i]);
        }
        w.Flush();
    }

    public static SegmentsBatchMerged Read(in ReadOnlySequence<byte> payload)
    {
        var r = new PayloadReader(payload, CommandType);
        var requestId = r.ReadInt64("requestId");
        var target = r.ReadString("target");
        var count = r.ReadCount("count", 10);
        var sources = new WireString[count];
        var newTargetWriteOffset = new long[count];
        for (var i = 0; i < count; i++)
        {
            sources[i] = r.ReadString("sources");
            newTargetWriteOffset[i] = r.ReadInt64("newTargetWriteOffset");
        }
        return new SegmentsBatchMerged(requestId, target, sources, newTargetWriteOffset);
    }

    private int SizeOfPairs()
    {
        var size = 0;
        foreach (var item in Sources)
        {
            size += 2 + item.EncodedLength + 8;
        }
        return size;
    }
}
