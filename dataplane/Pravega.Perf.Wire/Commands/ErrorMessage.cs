using System.Buffers;

namespace Pravega.Perf.Wire.Commands;

/// <summary>ERROR_MESSAGE (61), segment store → client (errorCode −1 unspecified, 0 illegal argument).</summary>
/// <remarks>
/// <code>
/// offset type                     field                      remark
/// 0      int64                    requestId
/// 8      utf                      segment                    u16 length + modified UTF-8
/// +      utf                      message                    u16 length + modified UTF-8
/// +      int32                    errorCode                  optional: -1 when absent
/// </code>
/// </remarks>
public readonly struct ErrorMessage : IWireCommand<ErrorMessage>, IRequestIdCarrier
{
    public ErrorMessage(long requestId, WireString segment, WireString message, int errorCode)
    {
        RequestId = requestId;
        Segment = segment;
        Message = message;
        ErrorCode = errorCode;
    }

    public static WireCommandType CommandType => WireCommandType.ErrorMessage;

    public WireCommandType Type => CommandType;

    public long RequestId { get; }

    public WireString Segment { get; }

    public WireString Message { get; }

    public int ErrorCode { get; }

    public int GetPayloadLength() => 8 + 2 + Segment.EncodedLength + 2 + Message.EncodedLength + 4;

    public void WriteTo(IBufferWriter<byte> output)
    {
        var w = new PayloadWriter(output);
        w.WriteHeader(CommandType, GetPayloadLength());
        w.WriteInt64(RequestId);
        w.WriteString(Segment);
        w.WriteString(Message);
        w.WriteInt32(ErrorCode);
        w.Flush();
    }

    public static ErrorMessage Read(in ReadOnlySequence<byte> payload)
    {
        var r = new PayloadReader(payload, CommandType);
        var requestId = r.ReadInt64("requestId");
        var segment = r.ReadString("segment");
        var message = r.ReadString("message");
        var errorCode = r.ReadInt32OrDefault("errorCode", -1);
        return new ErrorMessage(requestId, segment, message, errorCode);
    }
}
