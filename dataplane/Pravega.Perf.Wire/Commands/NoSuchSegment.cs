using System.Buffers;

namespace Pravega.Perf.Wire.Commands;

/// <summary>NO_SUCH_SEGMENT (53), segment store → client.</summary>
/// <remarks>
/// <code>
/// offset type                     field                      remark
/// 0      int64                    requestId
/// 8      utf                      segment                    u16 length + modified UTF-8
/// +      utf                      serverStackTrace           optional: "" when absent; u16 length + modified UTF-8
/// +      int64                    offset                     optional: -1 when absent
/// </code>
/// </remarks>
public readonly struct NoSuchSegment : IWireCommand<NoSuchSegment>, IRequestIdCarrier
{
    public NoSuchSegment(long requestId, WireString segment, WireString serverStackTrace, long offset)
    {
        RequestId = requestId;
        Segment = segment;
        ServerStackTrace = serverStackTrace;
        Offset = offset;
    }

    public static WireCommandType CommandType => WireCommandType.NoSuchSegment;

    public WireCommandType Type => CommandType;

    public long RequestId { get; }

    public WireString Segment { get; }

    public WireString ServerStackTrace { get; }

    public long Offset { get; }

    public int GetPayloadLength() => 8 + 2 + Segment.EncodedLength + 2 + ServerStackTrace.EncodedLength + 8;

    public void WriteTo(IBufferWriter<byte> output)
    {
        var w = new PayloadWriter(output);
        w.WriteHeader(CommandType, GetPayloadLength());
        w.WriteInt64(RequestId);
        w.WriteString(Segment);
        w.WriteString(ServerStackTrace);
        w.WriteInt64(Offset);
        w.Flush();
    }

    public static NoSuchSegment Read(in ReadOnlySequence<byte> payload)
    {
        var r = new PayloadReader(payload, CommandType);
        var requestId = r.ReadInt64("requestId");
        var segment = r.ReadString("segment");
        var serverStackTrace = r.ReadStringOrDefault("serverStackTrace");
        var offset = r.ReadInt64OrDefault("offset", -1);
        return new NoSuchSegment(requestId, segment, serverStackTrace, offset);
    }
}
