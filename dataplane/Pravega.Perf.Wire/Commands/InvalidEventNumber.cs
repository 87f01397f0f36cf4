using System.Buffers;
using Pravega.Perf.Common;

namespace Pravega.Perf.Wire.Commands;

/// <summary>INVALID_EVENT_NUMBER (55), segment store → client: duplicate or out-of-order event number; the connection is then closed.</summary>
/// <remarks>
/// <code>
/// offset type                     field                      remark
/// 0      uuid                     writerId
/// 16     int64                    requestId
/// 24     utf                      serverStackTrace           optional: "" when absent; u16 length + modified UTF-8
/// +      int64                    eventNumber                optional: -1 when absent
/// </code>
/// </remarks>
public readonly struct InvalidEventNumber : IWireCommand<InvalidEventNumber>, IRequestIdCarrier
{
    public InvalidEventNumber(Uuid writerId, long requestId, WireString serverStackTrace, long eventNumber)
    {
        WriterId = writerId;
        RequestId = requestId;
        ServerStackTrace = serverStackTrace;
        EventNumber = eventNumber;
    }

    public static WireCommandType CommandType => WireCommandType.InvalidEventNumber;

    public WireCommandType Type => CommandType;

    public Uuid WriterId { get; }

    public long RequestId { get; }

    public WireString ServerStackTrace { get; }

    public long EventNumber { get; }

    public int GetPayloadLength() => 16 + 8 + 2 + ServerStackTrace.EncodedLength + 8;

    public void WriteTo(IBufferWriter<byte> output)
    {
        var w = new PayloadWriter(output);
        w.WriteHeader(CommandType, GetPayloadLength());
        w.WriteUuid(WriterId);
        w.WriteInt64(RequestId);
        w.WriteString(ServerStackTrace);
        w.WriteInt64(EventNumber);
        w.Flush();
    }

    public static InvalidEventNumber Read(in ReadOnlySequence<byte> payload)
    {
        var r = new PayloadReader(payload, CommandType);
        var writerId = r.ReadUuid("writerId");
        var requestId = r.ReadInt64("requestId");
        var serverStackTrace = r.ReadStringOrDefault("serverStackTrace");
        var eventNumber = r.ReadInt64OrDefault("eventNumber", -1);
        return new InvalidEventNumber(writerId, requestId, serverStackTrace, eventNumber);
    }
}
