using System.Buffers;
using Pravega.Perf.Common;

namespace Pravega.Perf.Wire.Commands;

/// <summary>DATA_APPENDED (7), segment store → client: cumulative ack of a writer's events.</summary>
/// <remarks>
/// <code>
/// offset type                     field                      remark
/// 0      uuid                     writerId
/// 16     int64                    eventNumber
/// 24     int64                    previousEventNumber
/// 32     int64                    requestId                  optional: -1 when absent
/// 40     int64                    currentSegmentWriteOffset  optional: -1 when absent
/// </code>
/// </remarks>
public readonly struct DataAppended : IWireCommand<DataAppended>, IRequestIdCarrier
{
    public DataAppended(Uuid writerId, long eventNumber, long previousEventNumber, long requestId, long currentSegmentWriteOffset)
    {
        WriterId = writerId;
        EventNumber = eventNumber;
        PreviousEventNumber = previousEventNumber;
        RequestId = requestId;
        CurrentSegmentWriteOffset = currentSegmentWriteOffset;
    }

    public static WireCommandType CommandType => WireCommandType.DataAppended;

    public WireCommandType Type => CommandType;

    public Uuid WriterId { get; }

    public long EventNumber { get; }

    public long PreviousEventNumber { get; }

    public long RequestId { get; }

    public long CurrentSegmentWriteOffset { get; }

    public int GetPayloadLength() => 16 + 8 + 8 + 8 + 8;

    public void WriteTo(IBufferWriter<byte> output)
    {
        var w = new PayloadWriter(output);
        w.WriteHeader(CommandType, GetPayloadLength());
        w.WriteUuid(WriterId);
        w.WriteInt64(EventNumber);
        w.WriteInt64(PreviousEventNumber);
        w.WriteInt64(RequestId);
        w.WriteInt64(CurrentSegmentWriteOffset);
        w.Flush();
    }

    public static DataAppended Read(in ReadOnlySequence<byte> payload)
    {
        var r = new PayloadReader(payload, CommandType);
        var writerId = r.ReadUuid("writerId");
        var eventNumber = r.ReadInt64("eventNumber");
        var previousEventNumber = r.ReadInt64("previousEventNumber");
        var requestId = r.ReadInt64OrDefault("requestId", -1);
        var currentSegmentWriteOffset = r.ReadInt64OrDefault("currentSegmentWriteOffset", -1);
        return new DataAppended(writerId, eventNumber, previousEventNumber, requestId, currentSegmentWriteOffset);
    }
}
