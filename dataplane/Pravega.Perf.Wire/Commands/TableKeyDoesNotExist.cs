using System.Buffers;

namespace Pravega.Perf.Wire.Commands;

/// <summary>TABLE_KEY_DOES_NOT_EXIST (81), segment store → client.</summary>
/// <remarks>
/// <code>
/// offset type                     field                      remark
/// 0      int64                    requestId
/// 8      utf                      segment                    u16 length + modified UTF-8
/// +      utf                      serverStackTrace           optional: "" when absent; u16 length + modified UTF-8
/// </code>
/// </remarks>
public readonly struct TableKeyDoesNotExist : IWireCommand<TableKeyDoesNotExist>, IRequestIdCarrier
{
    public TableKeyDoesNotExist(long requestId, WireString segment, WireString serverStackTrace)
    {
        RequestId = requestId;
        Segment = segment;
        ServerStackTrace = serverStackTrace;
    }

    public static WireCommandType CommandType => WireCommandType.TableKeyDoesNotExist;

    public WireCommandType Type => CommandType;

    public long RequestId { get; }

    public WireString Segment { get; }

    public WireString ServerStackTrace { get; }

    public int GetPayloadLength() => 8 + 2 + Segment.EncodedLength + 2 + ServerStackTrace.EncodedLength;

    public void WriteTo(IBufferWriter<byte> output)
    {
        var w = new PayloadWriter(output);
        w.WriteHeader(CommandType, GetPayloadLength());
        w.WriteInt64(RequestId);
        w.WriteString(Segment);
        w.WriteString(ServerStackTrace);
        w.Flush();
    }

    public static TableKeyDoesNotExist Read(in ReadOnlySequence<byte> payload)
    {
        var r = new PayloadReader(payload, CommandType);
        var requestId = r.ReadInt64("requestId");
        var segment = r.ReadString("segment");
        var serverStackTrace = r.ReadStringOrDefault("serverStackTrace");
        return new TableKeyDoesNotExist(requestId, segment, serverStackTrace);
    }
}
