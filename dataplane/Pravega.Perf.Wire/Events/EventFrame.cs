using System.Buffers;
using System.Buffers.Binary;

namespace Pravega.Perf.Wire.Events;

/// <summary>
/// The on-segment (and in-block) event format: <c>[int32 0][int32 length][payload]</c> (reference §0 item 2).
/// Byte streams store raw bytes instead and do not use it.
/// </summary>
public static class EventFrame
{
    public const int HeaderLength = WireProtocol.HeaderLength;

    public static int GetFramedLength(int payloadLength) => HeaderLength + payloadLength;

    public static void WriteHeader(Span<byte> destination, int payloadLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(payloadLength);
        BinaryPrimitives.WriteInt32BigEndian(destination, (int)WireCommandType.Event);
        BinaryPrimitives.WriteInt32BigEndian(destination[4..], payloadLength);
    }

    /// <summary>Writes header and payload.</summary>
    public static void Write(IBufferWriter<byte> output, ReadOnlySpan<byte> payload)
    {
        var w = new PayloadWriter(output);
        w.WriteInt32((int)WireCommandType.Event);
        w.WriteInt32(payload.Length);
        w.WriteBytes(payload);
        w.Flush();
    }
}
