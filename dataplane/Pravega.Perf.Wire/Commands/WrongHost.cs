using System.Buffers;

namespace Pravega.Perf.Wire.Commands;

/// <summary>WRONG_HOST (50), segment store → client: the container is not owned here.</summary>
/// <remarks>
/// <code>
/// offset type                     field                      remark
/// 0      int64                    requestId
/// 8      utf                      segment                    u16 length + modified UTF-8
/// +      utf                      correctHost                u16 length + modified UTF-8
/// +      utf                      serverStackTrace           optional: "" when absent; u16 length + modified UTF-8
/// </code>
/// </remarks>
public readonly struct WrongHost : IWireCommand<WrongHost>, IRequestIdCarrier
{
    public WrongHost(long requestId, WireString segment, WireString correctHost, WireString serverStackTrace)
    {
        RequestId = requestId;
        Segment = segment;
        CorrectHost = correctHost;
        ServerStackTrace = serverStackTrace;
    }

    public static WireCommandType CommandType => WireCommandType.WrongHost;

    public WireCommandType Type => CommandType;

    public long RequestId { get; }

    public WireString Segment { get; }

    public WireString CorrectHost { get; }

    public WireString ServerStackTrace { get; }

    public int GetPayloadLength() => 8 + 2 + Segment.EncodedLength + 2 + CorrectHost.EncodedLength + 2 + ServerStackTrace.EncodedLength;

    public void WriteTo(IBufferWriter<byte> output)
    {
        var w = new PayloadWriter(output);
        w.WriteHeader(CommandType, GetPayloadLength());
        w.WriteInt64(RequestId);
        w.WriteString(Segment);
        w.WriteString(CorrectHost);
        w.WriteString(ServerStackTrace);
        w.Flush();
    }

    public static WrongHost Read(in ReadOnlySequence<byte> payload)
    {
        var r = new PayloadReader(payload, CommandType);
        var requestId = r.ReadInt64("requestId");
        var segment = r.ReadString("segment");
        var correctHost = r.ReadString("correctHost");
        var serverStackTrace = r.ReadStringOrDefault("serverStackTrace");
        return new WrongHost(requestId, segment, correctHost, serverStackTrace);
    }
}
