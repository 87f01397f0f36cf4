using System.Buffers;

namespace Pravega.Perf.Wire.Commands;

/// <summary>OPERATION_UNSUPPORTED (57), segment store → client.</summary>
/// <remarks>
/// <code>
/// offset type                     field                      remark
/// 0      int64                    requestId
/// 8      utf                      operationName              u16 length + modified UTF-8
/// +      utf                      serverStackTrace           optional: "" when absent; u16 length + modified UTF-8
/// </code>
/// </remarks>
public readonly struct OperationUnsupported : IWireCommand<OperationUnsupported>, IRequestIdCarrier
{
    public OperationUnsupported(long requestId, WireString operationName, WireString serverStackTrace)
    {
        RequestId = requestId;
        OperationName = operationName;
        ServerStackTrace = serverStackTrace;
    }

    public static WireCommandType CommandType => WireCommandType.OperationUnsupported;

    public WireCommandType Type => CommandType;

    public long RequestId { get; }

    public WireString OperationName { get; }

    public WireString ServerStackTrace { get; }

    public int GetPayloadLength() => 8 + 2 + OperationName.EncodedLength + 2 + ServerStackTrace.EncodedLength;

    public void WriteTo(IBufferWriter<byte> output)
    {
        var w = new PayloadWriter(output);
        w.WriteHeader(CommandType, GetPayloadLength());
        w.WriteInt64(RequestId);
        w.WriteString(OperationName);
        w.WriteString(ServerStackTrace);
        w.Flush();
    }

    public static OperationUnsupported Read(in ReadOnlySequence<byte> payload)
    {
        var r = new PayloadReader(payload, CommandType);
        var requestId = r.ReadInt64("requestId");
        var operationName = r.ReadString("operationName");
        var serverStackTrace = r.ReadStringOrDefault("serverStackTrace");
        return new OperationUnsupported(requestId, operationName, serverStackTrace);
    }
}
