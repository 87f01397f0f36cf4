using System.Buffers;

namespace Pravega.Perf.Wire.Commands;

/// <summary>PARTIAL_EVENT (-2), client → segment store: the head of an event frame that did not fit its APPEND_BLOCK; the rest is in APPEND_BLOCK_END.data.</summary>
/// <remarks>
/// <code>
/// offset type                     field                      remark
/// 0      bytes                    data
/// </code>
/// </remarks>
public readonly struct PartialEvent : IWireCommand<PartialEvent>
{
    public PartialEvent(ReadOnlySequence<byte> data)
    {
        Data = data;
    }

    public static WireCommandType CommandType => WireCommandType.PartialEvent;

    public WireCommandType Type => CommandType;

    public ReadOnlySequence<byte> Data { get; }

    public int GetPayloadLength() => (int)Data.Length;

    public void WriteTo(IBufferWriter<byte> output)
    {
        var w = new PayloadWriter(output);
        w.WriteHeader(CommandType, GetPayloadLength());
        w.WriteBytes(Data);
        w.Flush();
    }

    public static PartialEvent Read(in ReadOnlySequence<byte> payload)
    {
        var r = new PayloadReader(payload, CommandType);
        var data = r.ReadRest();
        return new PartialEvent(data);
    }
}
