using System.Buffers;

namespace Pravega.Perf.Wire.Commands;

/// <summary>EVENT (0), one event; also the on-segment event format. Only nested (append blocks, PARTIAL_EVENT, CONDITIONAL_APPEND).</summary>
/// <remarks>
/// <code>
/// offset type                     field                      remark
/// 0      bytes                    data
/// </code>
/// </remarks>
public readonly struct Event : IWireCommand<Event>
{
    public Event(ReadOnlySequence<byte> data)
    {
        Data = data;
    }

    public static WireCommandType CommandType => WireCommandType.Event;

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

    public static Event Read(in ReadOnlySequence<byte> payload)
    {
        var r = new PayloadReader(payload, CommandType);
        var data = r.ReadRest();
        return new Event(data);
    }
}
