using System.Buffers;

namespace Pravega.Perf.Wire;

/// <summary>Decodes a payload of any type, for validation and for code that handles commands generically; both are
/// <see cref="WireCommandTable"/> with a visitor.</summary>
public static class WireCommandDecoder
{
    /// <summary>Decodes the payload and discards the result: throws <see cref="WireProtocolException"/> when it is malformed.</summary>
    public static void Validate(WireCommandType type, in ReadOnlySequence<byte> payload)
    {
        var visitor = default(Discard);
        WireCommandTable.Read<Discard, bool>(type, payload, ref visitor);
    }

    /// <summary>Decodes into a boxed command; for tests, tools, logs and control-path replies, not for hot paths.</summary>
    public static IWireCommand Decode(WireCommandType type, in ReadOnlySequence<byte> payload)
    {
        var visitor = default(Box);
        return WireCommandTable.Read<Box, IWireCommand>(type, payload, ref visitor);
    }

    private struct Discard : IWireCommandVisitor<bool>
    {
        public readonly bool Visit<T>(in T command)
            where T : struct, IWireCommand<T> => true;
    }

    private struct Box : IWireCommandVisitor<IWireCommand>
    {
        public readonly IWireCommand Visit<T>(in T command)
            where T : struct, IWireCommand<T> => command;
    }
}
