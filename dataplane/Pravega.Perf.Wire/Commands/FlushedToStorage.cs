using System.Buffers;

namespace Pravega.Perf.Wire.Commands;

/// <summary>FLUSHED_TO_STORAGE (-4), admin reply to FLUSH_TO_STORAGE.</summary>
/// <remarks>
/// <code>
/// offset type                     field                      remark
/// 0      int64                    requestId
/// </code>
/// </remarks>
public readonly struct FlushedToStorage : IWireCommand<FlushedToStorage>, IRequestIdCarrier
{
    public FlushedToStorage(long requestId)
    {
        RequestId = requestId;
    }

    public static WireCommandType CommandType => WireCommandType.FlushedToStorage;

    public WireCommandType Type => CommandType;

    public long RequestId { get; }

    public int GetPayloadLength() => 8;

    public void WriteTo(IBufferWriter<byte> output)
    {
        var w = new PayloadWriter(output);
        w.WriteHeader(CommandType, GetPayloadLength());
        w.WriteInt64(RequestId);
        w.Flush();
    }

    public static FlushedToStorage Read(in ReadOnlySequence<byte> payload)
    {
        var r = new PayloadReader(payload, CommandType);
        var requestId = r.ReadInt64("requestId");
        return new FlushedToStorage(requestId);
    }
}
