using System.Buffers;

namespace Pravega.Perf.Wire.Commands;

/// <summary>SEGMENTS_MERGED (59), segment store → client.</summary>
/// <remarks>
/// <code>
/// offset type                     field                      remark
/// 0      int64                    requestId
/// 8      utf                      target                     u16 length + modified UTF-8
/// +      utf                      source                     u16 length + modified UTF-8
/// +      int64                    newTargetWriteOffset       optional: -1 when absent
/// </code>
/// </remarks>
public readonly struct SegmentsMerged : IWireCommand<SegmentsMerged>, IRequestIdCarrier
{
    public SegmentsMerged(long requestId, WireString target, WireString source, long newTargetWriteOffset)
    {
        RequestId = requestId;
        Target = target;
        Source = source;
        NewTargetWriteOffset = newTargetWriteOffset;
    }

    public static WireCommandType CommandType => WireCommandType.SegmentsMerged;

    public WireCommandType Type => CommandType;

    public long RequestId { get; }

    public WireString Target { get; }

    public WireString Source { get; }

    public long NewTargetWriteOffset { get; }

    public int GetPayloadLength() => 8 + 2 + Target.EncodedLength + 2 + Source.EncodedLength + 8;

    public void WriteTo(IBufferWriter<byte> output)
    {
        var w = new PayloadWriter(output);
        w.WriteHeader(CommandType, GetPayloadLength());
        w.WriteInt64(RequestId);
        w.WriteString(Target);
        w.WriteString(Source);
        w.WriteInt64(NewTargetWriteOffset);
        w.Flush();
    }

    public static SegmentsMerged Read(in ReadOnlySequence<byte> payload)
    {
        var r = new PayloadReader(payload, CommandType);
        var requestId = r.ReadInt64("requestId");
        var target = r.ReadString("target");
        var source = r.ReadString("source");
        var newTargetWriteOffset = r.ReadInt64OrDefault("newTargetWriteOffset", -1);
        return new SegmentsMerged(requestId, target, source, newTargetWriteOffset);
    }
}
