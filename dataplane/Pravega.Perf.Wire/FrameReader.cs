using System.Buffers;
using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace Pravega.Perf.Wire;

/// <summary>
/// Splits a byte stream into frames: <c>int32 type</c>, <c>int32 length</c>, payload (reference §2.1).
/// </summary>
/// <remarks>
/// The header is validated as soon as its 8 bytes are present, before waiting for the payload: an unknown type
/// code, a negative length or one above <see cref="WireProtocol.MaxPayloadLength"/> is a
/// <see cref="WireProtocolException"/> at once, so a peer cannot make us buffer 16 MiB of garbage first.
/// </remarks>
public static class FrameReader
{
    /// <summary>
    /// Reads the frame at the start of <paramref name="buffer"/>. False means "need more bytes" (nothing was
    /// consumed); true gives the frame, whose <see cref="Frame.End"/> is where the next one starts.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryReadFrame(in ReadOnlySequence<byte> buffer, out Frame frame)
    {
        if (!TryReadHeader(buffer, out var type, out var length))
        {
            frame = default;
            return false;
        }
        var total = WireProtocol.HeaderLength + (long)length;
        if (buffer.Length < total)
        {
            frame = default;
            return false;
        }
        var payload = buffer.Slice(WireProtocol.HeaderLength, length);
        frame = new Frame(type, payload, payload.End);
        return true;
    }

    /// <summary>Reads and validates the 8-byte header only. False means fewer than 8 bytes are buffered.</summary>
    public static bool TryReadHeader(in ReadOnlySequence<byte> buffer, out WireCommandType type, out int payloadLength)
    {
        int code;
        // Fast path: the header lies in the first segment (nearly always).
        var first = buffer.FirstSpan;
        if (first.Length >= WireProtocol.HeaderLength)
        {
            code = BinaryPrimitives.ReadInt32BigEndian(first);
            payloadLength = BinaryPrimitives.ReadInt32BigEndian(first[4..]);
        }
        else
        {
            if (buffer.Length < WireProtocol.HeaderLength)
            {
                type = default;
                payloadLength = 0;
                return false;
            }
            Span<byte> header = stackalloc byte[WireProtocol.HeaderLength];
            buffer.Slice(0, WireProtocol.HeaderLength).CopyTo(header);
            code = BinaryPrimitives.ReadInt32BigEndian(header);
            payloadLength = BinaryPrimitives.ReadInt32BigEndian(header[4..]);
        }
        if (!WireCommandTypes.IsKnown(code))
        {
            ThrowUnknownType(code);
        }
        type = (WireCommandType)code;
        if ((uint)payloadLength > WireProtocol.MaxPayloadLength)
        {
            ThrowBadLength(type, payloadLength);
        }
        return true;
    }

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowUnknownType(int code) =>
        throw new WireProtocolException(null, "type", $"unknown command type code {code}");

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowBadLength(WireCommandType type, int length) =>
        throw new WireProtocolException(type, "length",
            length < 0 ? $"negative payload length {length}" : $"payload length {length} exceeds the maximum {WireProtocol.MaxPayloadLength}");
}
