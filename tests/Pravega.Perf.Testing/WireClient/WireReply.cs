using Pravega.Perf.Wire;

namespace Pravega.Perf.Testing.WireClient;

/// <summary>One frame received by <see cref="WireTestClient"/>: decoded, with its bytes kept (the decoded command's
/// strings and blobs point into <see cref="Frame"/>).</summary>
/// <param name="Type">The command type.</param>
/// <param name="Command">The decoded command (boxed; this is test code).</param>
/// <param name="Frame">The whole frame, header included.</param>
public sealed record WireReply(WireCommandType Type, IWireCommand Command, byte[] Frame)
{
    public override string ToString() => $"{WireCommandTypes.GetName(Type)} ({Frame.Length - WireProtocol.HeaderLength} bytes)";
}
