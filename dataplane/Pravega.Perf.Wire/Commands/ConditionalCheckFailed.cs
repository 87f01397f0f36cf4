using System.Buffers;
using Pravega.Perf.Common;

namespace Pravega.Perf.Wire.Commands;

/// <summary>CONDITIONAL_CHECK_FAILED (8), segment store → client: a conditional append was not stored.</summary>
/// <remarks>
/// <code>
/// offset type                     field                      remark
/// 0      uuid                     writerId
/// 16     int64                    eventNumber
/// 24     int64                    requestId                  optional: -1 when absent
/// </code>
/// </remarks>
public readonly struct ConditionalCheckFailed : IWireCommand<ConditionalCheckFailed>, IRequestIdCarrier
{
    public ConditionalCheckFailed(Uuid writerId, long eventNumber, long requestId)
    {
        WriterId = writerId;
        EventNumber = eventNumber;
        RequestId = requestId;
    }

    public static WireCommandType CommandType => WireCommandType.ConditionalCheckFailed;

    public WireCommandType Type => CommandType;

    public Uuid WriterId { get; }

    public long EventNumber { get; }

    public long RequestId { get; }

    public int GetPayloadLength() => 16 + 8 + 8;

    public void WriteTo(IBufferWriter<byte> output)
    {
        var w = new PayloadWriter(output);
        w.WriteHeader(CommandType, GetPayloadLength());
        w.WriteUuid(WriterId);
        w.WriteInt64(EventNumber);
        w.WriteInt64(RequestId);
        w.Flush();
    }

    public static ConditionalCheckFailed Read(in ReadOnlySequence<byte> payload)
    {
        var r = new PayloadReader(payload, CommandType);
        var writerId = r.ReadUuid("writerId");
        var eventNumber = r.ReadInt64("eventNumber");
        var requestId = r.ReadInt64OrDefault("requestId", -1);
        return new ConditionalCheckFailed(writerId, eventNumber, requestId);
    }
}
