using System.Buffers;

namespace Pravega.Perf.Wire.Commands;

/// <summary>SEGMENT_IS_TRUNCATED (56), segment store → client: startOffset is the current head.</summary>
/// <remarks>
/// <code>
/// offset type                     field                      remark
/// 0      int64                    requestId
/// 8      utf                      segment                    u16 length + modified UTF-8
/// +      int64                    startOffset
/// +      utf                      serverStackTrace           optional: "" when absent; u16 length + modified UTF-8
/// +      int64                    offset                     optional: -1 when absent
/// </code>
/// </remarks>
public readonly struct SegmentIsTruncated : IWireCommand<SegmentIsTruncated>, IRequestIdCarrier
{
    public SegmentIsTruncated(long requestId, WireString segment, long startOffset, WireString serverStackTrace, long offset)
    {
        RequestId = requestId;
        Segment = segment;
        StartOffset = startOffset;
        ServerStackTrace = serverStackTrace;
        Offset = offset;
    }

    public static WireCommandType CommandType => WireCommandType.SegmentIsTruncated;

    public WireCommandType Type => CommandType;

    public long RequestId { get; }

    public WireString Segment { get; }

    public long StartOffset { get; }

    public WireString ServerStackTrace { get; }

    public long Offset { get; }

    public int GetPayloadLength() => 8 + 2 + Segment.EncodedLength + 8 + 2 + ServerStackTrace.EncodedLength + 8;

    public void WriteTo(IBufferWriter<byte> output)
    {
        var w = new PayloadWriter(output);
        w.WriteHeader(CommandType, GetPayloadLength());
        w.WriteInt64(RequestId);
        w.WriteString(Segment);
        w.WriteInt64(StartOffset);
        w.WriteString(ServerStackTrace);
        w.WriteInt64(Offset);
        w.Flush();
    }

    public static SegmentIsTruncated Read(in ReadOnlySequence<byte> payload)
    {
        var r = new PayloadReader(payload, CommandType);
        var requestId = r.ReadInt64("requestId");
        var segment = r.ReadString("segment");
        var startOffset = r.ReadInt64("startOffset");
        var serverStackTrace = r.ReadStringOrDefault("serverStackTrace");
        var offset = r.ReadInt64OrDefault("offset", -1);
        return new SegmentIsTruncated(requestId, segment, startOffset, serverStackTrace, offset);
    }
}
