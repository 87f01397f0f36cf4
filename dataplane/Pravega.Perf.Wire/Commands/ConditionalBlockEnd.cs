using System.Buffers;
using Pravega.Perf.Common;

namespace Pravega.Perf.Wire.Commands;

/// <summary>CONDITIONAL_BLOCK_END (89), client → segment store: raw bytes stored only if the segment length equals expectedOffset (large-event writer).</summary>
/// <remarks>
/// <code>
/// offset type                     field                      remark
/// 0      uuid                     writerId
/// 16     int64                    eventNumber
/// 24     int64                    expectedOffset
/// 32     int32                    dataLength
/// 36     bytes                    data
/// +      int64                    requestId                  optional: -1 when absent
/// </code>
/// </remarks>
public readonly struct ConditionalBlockEnd : IWireCommand<ConditionalBlockEnd>, IRequestIdCarrier
{
    public ConditionalBlockEnd(Uuid writerId, long eventNumber, long expectedOffset, ReadOnlySequence<byte> data, long requestId)
    {
        WriterId = writerId;
        EventNumber = eventNumber;
        ExpectedOffset = expectedOffset;
        Data = data;
        RequestId = requestId;
    }

    public static WireCommandType CommandType => WireCommandType.ConditionalBlockEnd;

    public WireCommandType Type => CommandType;

    public Uuid WriterId { get; }

    public long EventNumber { get; }

    public long ExpectedOffset { get; }

    public ReadOnlySequence<byte> Data { get; }

    public long RequestId { get; }

    public int GetPayloadLength() => 16 + 8 + 8 + 4 + (int)Data.Length + 8;

    public void WriteTo(IBufferWriter<byte> output)
    {
        var w = new PayloadWriter(output);
        w.WriteHeader(CommandType, GetPayloadLength());
        w.WriteUuid(WriterId);
        w.WriteInt64(EventNumber);
        w.WriteInt64(ExpectedOffset);
        w.WriteBlob(Data);
        w.WriteInt64(RequestId);
        w.Flush();
    }

    public static ConditionalBlockEnd Read(in ReadOnlySequence<byte> payload)
    {
        var r = new PayloadReader(payload, CommandType);
        var writerId = r.ReadUuid("writerId");
        var eventNumber = r.ReadInt64("eventNumber");
        var expectedOffset = r.ReadInt64("expectedOffset");
        var data = r.ReadBlob("data");
        var requestId = r.ReadInt64OrDefault("requestId", -1);
        return new ConditionalBlockEnd(writerId, eventNumber, expectedOffset, data, requestId);
    }
}
