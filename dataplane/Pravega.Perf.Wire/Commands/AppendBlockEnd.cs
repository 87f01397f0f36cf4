using System.Buffers;
using Pravega.Perf.Common;

namespace Pravega.Perf.Wire.Commands;

/// <summary>APPEND_BLOCK_END (4), client → segment store: closes an APPEND_BLOCK; data is the tail of a split event.</summary>
/// <remarks>
/// <code>
/// offset type                     field                      remark
/// 0      uuid                     writerId
/// 16     int32                    sizeOfWholeEvents
/// 20     int32                    dataLength
/// 24     bytes                    data
/// +      int32                    numEvents
/// +      int64                    lastEventNumber
/// +      int64                    requestId                  optional: -1 when absent
/// </code>
/// </remarks>
public readonly struct AppendBlockEnd : IWireCommand<AppendBlockEnd>, IRequestIdCarrier
{
    public AppendBlockEnd(Uuid writerId, int sizeOfWholeEvents, ReadOnlySequence<byte> data, int numEvents, long lastEventNumber, long requestId)
    {
        WriterId = writerId;
        SizeOfWholeEvents = sizeOfWholeEvents;
        Data = data;
        NumEvents = numEvents;
        LastEventNumber = lastEventNumber;
        RequestId = requestId;
    }

    public static WireCommandType CommandType => WireCommandType.AppendBlockEnd;

    public WireCommandType Type => CommandType;

    public Uuid WriterId { get; }

    public int SizeOfWholeEvents { get; }

    public ReadOnlySequence<byte> Data { get; }

    public int NumEvents { get; }

    public long LastEventNumber { get; }

    public long RequestId { get; }

    public int GetPayloadLength() => 16 + 4 + 4 + (int)Data.Length + 4 + 8 + 8;

    public void WriteTo(IBufferWriter<byte> output)
    {
        var w = new PayloadWriter(output);
        w.WriteHeader(CommandType, GetPayloadLength());
        w.WriteUuid(WriterId);
        w.WriteInt32(SizeOfWholeEvents);
        w.WriteBlob(Data);
        w.WriteInt32(NumEvents);
        w.WriteInt64(LastEventNumber);
        w.WriteInt64(RequestId);
        w.Flush();
    }

    public static AppendBlockEnd Read(in ReadOnlySequence<byte> payload)
    {
        var r = new PayloadReader(payload, CommandType);
        var writerId = r.ReadUuid("writerId");
        var sizeOfWholeEvents = r.ReadInt32("sizeOfWholeEvents");
        var data = r.ReadBlob("data");
        var numEvents = r.ReadInt32("numEvents");
        var lastEventNumber = r.ReadInt64("lastEventNumber");
        var requestId = r.ReadInt64OrDefault("requestId", -1);
        return new AppendBlockEnd(writerId, sizeOfWholeEvents, data, numEvents, lastEventNumber, requestId);
    }
}
