using System.Buffers;

namespace Pravega.Perf.Wire.Tests.Helpers;

internal static class Frames
{
    /// <summary>The frames of the commands, back to back.</summary>
    public static byte[] Encode(params IWireCommand[] commands)
    {
        var output = new ArrayBufferWriter<byte>();
        foreach (var command in commands)
        {
            command.WriteTo(output);
        }
        return output.WrittenSpan.ToArray();
    }
}
