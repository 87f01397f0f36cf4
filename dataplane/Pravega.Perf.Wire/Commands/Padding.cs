using System.Buffers;

namespace Pravega.Perf.Wire.Commands;

/// <summary>PADDING (-1), client → segment store: zero bytes that close an under-filled APPEND_BLOCK.</summary>
/// <remarks>
/// <code>
/// offset type                     field                      remark
/// 0      zeros                    length
/// </code>
/// </remarks>
public readonly struct Padding : IWireCommand<Padding>
{
    public Padding(int length)
    {
        Length = length;
    }

    public static WireCommandType CommandType => WireCommandType.Padding;

    public WireCommandType Type => CommandType;

    public int Length { get; }

    public int GetPayloadLength() => Length;

    public void WriteTo(IBufferWriter<byte> output)
    {
        var w = new PayloadWriter(output);
        w.WriteHeader(CommandType, GetPayloadLength());
        w.WriteZeros(Length);
        w.Flush();
    }

    public static Padding Read(in ReadOnlySequence<byte> payload)
    {
        var r = new PayloadReader(payload, CommandType);
        var length = (int)r.Remaining;
        _ = r.ReadRest();
        return new Padding(length);
    }
}
