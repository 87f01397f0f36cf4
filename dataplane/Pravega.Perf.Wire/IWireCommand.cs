using System.Buffers;

namespace Pravega.Perf.Wire;

/// <summary>A command that can write itself as a whole frame (header + payload).</summary>
public interface IWireCommand
{
    WireCommandType Type { get; }

    /// <summary>Bytes after the 8-byte header.</summary>
    int GetPayloadLength();

    /// <summary>Writes header and payload, exactly as Pravega's encoder does.</summary>
    void WriteTo(IBufferWriter<byte> output);
}

/// <summary>A command with a static decoder, so generic code can read any command without boxing.</summary>
public interface IWireCommand<TSelf> : IWireCommand
    where TSelf : struct, IWireCommand<TSelf>
{
    static abstract WireCommandType CommandType { get; }

    /// <summary>Decodes a payload (the bytes after the header). Throws only <see cref="WireProtocolException"/>.</summary>
    static abstract TSelf Read(in ReadOnlySequence<byte> payload);
}
