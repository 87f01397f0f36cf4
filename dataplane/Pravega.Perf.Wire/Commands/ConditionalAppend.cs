using System.Buffers;
using Pravega.Perf.Common;

namespace Pravega.Perf.Wire.Commands;

/// <summary>CONDITIONAL_APPEND (5), client → segment store: one event, stored only if the segment length equals expectedOffset.</summary>
/// <remarks>
/// <code>
/// offset type                     field                      remark
/// 0      uuid                     writerId
/// 16     int64                    eventNumber
/// 24     int64                    expectedOffset
/// 32     int32                    event.type                 = 0 (EVENT)
/// 36     int32                    event.length
/// 40     bytes                    event.data
/// +      int64                    requestId                  optional: -1 when absent
/// </code>
/// </remarks>
public readonly struct ConditionalAppend : IWireCommand<ConditionalAppend>, IRequestIdCarrier
{
    public ConditionalAppend(Uuid writerId, long eventNumber, long expectedOffset, ReadOnlySequence<byte> eventData, long requestId)
    {
        WriterId = writerId;
        EventNumber = eventNumber;
        ExpectedOffset = expectedOffset;
        EventData = eventData;
        RequestId = requestId;
    }

    public static WireCommandType CommandType => WireCommandType.ConditionalAppend;

    public WireCommandType Type => CommandType;

    public Uuid WriterId { get; }

    public long EventNumber { get; }

    public long ExpectedOffset { get; }

    public ReadOnlySequence<byte> EventData { get; }

    public long RequestId { get; }

    public int GetPayloadLength() => 16 + 8 + 8 + 8 + (int)EventData.Length + 8;

    public void WriteTo(IBufferWriter<byte> output)
    {
        var w = new PayloadWriter(output);
        w.WriteHeader(CommandType, GetPayloadLength());
        w.WriteUuid(WriterId);
        w.WriteInt64(EventNumber);
        w.WriteInt64(ExpectedOffset);
        w.WriteInt32((int)WireCommandType.Event);
        w.WriteBlob(EventData);
        w.WriteInt64(RequestId);
        w.Flush();
    }

    public static ConditionalAppend Read(in ReadOnlySequence<byte> payload)
    {
        var r = new PayloadReader(payload, CommandType);
        var writerId = r.ReadUuid("writerId");
        var eventNumber = r.ReadInt64("eventNumber");
        var expectedOffset = r.ReadInt64("expectedOffset");
        var eventType = r.ReadInt32("event.type");
        if (eventType != (int)WireCommandType.Event)
        {
            throw r.Error("event.type", $"expected EVENT (0), found type {eventType}");
        }
        var eventData = r.ReadBlob("event.length");
        var requestId = r.ReadInt64OrDefault("requestId", -1);
        return new ConditionalAppend(writerId, eventNumber, expectedOffset, eventData, requestId);
    }
}
