using System.Buffers;

namespace Pravega.Perf.Wire.Commands;

/// <summary>KEEP_ALIVE (100), both: empty; the server echoes it.</summary>
/// <remarks>
/// <code>
/// offset type                     field                      remark
/// (empty payload)
/// </code>
/// </remarks>
public readonly struct KeepAlive : IWireCommand<KeepAlive>
{
    public static WireCommandType CommandType => WireCommandType.KeepAlive;

    public WireCommandType Type => CommandType;

    public int GetPayloadLength() => 0;

    public void WriteTo(IBufferWriter<byte> output)
    {
        var w = new PayloadWriter(output);
        w.WriteHeader(CommandType, GetPayloadLength());
        w.Flush();
    }

    public static KeepAlive Read(in ReadOnlySequence<byte> payload)
    {
        _ = payload;
        return default;
    }
}
