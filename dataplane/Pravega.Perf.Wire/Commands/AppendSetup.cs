using System.Buffers;
using Pravega.Perf.Common;

namespace Pravega.Perf.Wire.Commands;

/// <summary>APPEND_SETUP (2), segment store → client: the writer's last stored event number (Long.MIN_VALUE if none).</summary>
/// <remarks>
/// <code>
/// offset type                     field                      remark
/// 0      int64                    requestId
/// 8      utf                      segment                    u16 length + modified UTF-8
/// +      uuid                     writerId
/// +      int64                    lastEventNumber
/// </code>
/// </remarks>
public readonly struct AppendSetup : IWireCommand<AppendSetup>, IRequestIdCarrier
{
    public AppendSetup(long requestId, WireString segment, Uuid writerId, long lastEventNumber)
    {
        RequestId = requestId;
        Segment = segment;
        WriterId = writerId;
        LastEventNumber = lastEventNumber;
    }

    public static WireCommandType CommandType => WireCommandType.AppendSetup;

    public WireCommandType Type => CommandType;

    public long RequestId { get; }

    public WireString Segment { get; }

    public Uuid WriterId { get; }

    public long LastEventNumber { get; }

    public int GetPayloadLength() => 8 + 2 + Segment.EncodedLength + 16 + 8;

    public void WriteTo(IBufferWriter<byte> output)
    {
        var w = new PayloadWriter(output);
        w.WriteHeader(CommandType, GetPayloadLength());
        w.WriteInt64(RequestId);
        w.WriteString(Segment);
        w.WriteUuid(WriterId);
        w.WriteInt64(LastEventNumber);
        w.Flush();
    }

    public static AppendSetup Read(in ReadOnlySequence<byte> payload)
    {
        var r = new PayloadReader(payload, CommandType);
        var requestId = r.ReadInt64("requestId");
        var segment = r.ReadString("segment");
        var writerId = r.ReadUuid("writerId");
        var lastEventNumber = r.ReadInt64("lastEventNumber");
        return new AppendSetup(requestId, segment, writerId, lastEventNumber);
    }
}
