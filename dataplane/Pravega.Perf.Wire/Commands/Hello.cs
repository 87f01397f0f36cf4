using System.Buffers;

namespace Pravega.Perf.Wire.Commands;

/// <summary>HELLO (-127), both: protocol handshake; the server closes the connection when the ranges do not overlap.</summary>
/// <remarks>
/// <code>
/// offset type                     field                      remark
/// 0      int32                    highVersion
/// 4      int32                    lowVersion
/// </code>
/// </remarks>
public readonly struct Hello : IWireCommand<Hello>
{
    public Hello(int highVersion, int lowVersion)
    {
        HighVersion = highVersion;
        LowVersion = lowVersion;
    }

    public static WireCommandType CommandType => WireCommandType.Hello;

    public WireCommandType Type => CommandType;

    public int HighVersion { get; }

    public int LowVersion { get; }

    public int GetPayloadLength() => 4 + 4;

    public void WriteTo(IBufferWriter<byte> output)
    {
        var w = new PayloadWriter(output);
        w.WriteHeader(CommandType, GetPayloadLength());
        w.WriteInt32(HighVersion);
        w.WriteInt32(LowVersion);
        w.Flush();
    }

    public static Hello Read(in ReadOnlySequence<byte> payload)
    {
        var r = new PayloadReader(payload, CommandType);
        var highVersion = r.ReadInt32("highVersion");
        var lowVersion = r.ReadInt32("lowVersion");
        return new Hello(highVersion, lowVersion);
    }
}
