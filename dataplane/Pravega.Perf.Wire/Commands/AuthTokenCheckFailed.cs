using System.Buffers;

namespace Pravega.Perf.Wire.Commands;

/// <summary>AUTH_TOKEN_CHECK_FAILED (60), segment store → client (errorCode −1 unspecified, 0 token check failed, 1 token expired).</summary>
/// <remarks>
/// <code>
/// offset type                     field                      remark
/// 0      int64                    requestId
/// 8      utf                      serverStackTrace           optional: "" when absent; u16 length + modified UTF-8
/// +      int32                    errorCode                  optional: -1 when absent
/// </code>
/// </remarks>
public readonly struct AuthTokenCheckFailed : IWireCommand<AuthTokenCheckFailed>, IRequestIdCarrier
{
    public AuthTokenCheckFailed(long requestId, WireString serverStackTrace, int errorCode)
    {
        RequestId = requestId;
        ServerStackTrace = serverStackTrace;
        ErrorCode = errorCode;
    }

    public static WireCommandType CommandType => WireCommandType.AuthTokenCheckFailed;

    public WireCommandType Type => CommandType;

    public long RequestId { get; }

    public WireString ServerStackTrace { get; }

    public int ErrorCode { get; }

    public int GetPayloadLength() => 8 + 2 + ServerStackTrace.EncodedLength + 4;

    public void WriteTo(IBufferWriter<byte> output)
    {
        var w = new PayloadWriter(output);
        w.WriteHeader(CommandType, GetPayloadLength());
        w.WriteInt64(RequestId);
        w.WriteString(ServerStackTrace);
        w.WriteInt32(ErrorCode);
        w.Flush();
    }

    public static AuthTokenCheckFailed Read(in ReadOnlySequence<byte> payload)
    {
        var r = new PayloadReader(payload, CommandType);
        var requestId = r.ReadInt64("requestId");
        var serverStackTrace = r.ReadStringOrDefault("serverStackTrace");
        var errorCode = r.ReadInt32OrDefault("errorCode", -1);
        return new AuthTokenCheckFailed(requestId, serverStackTrace, errorCode);
    }
}
