using System.Buffers.Binary;

namespace Pravega.Perf.Client.Readers;

/// <summary>
/// How events sit in a segment: <c>[int32 type = 0 (EVENT)][int32 length][length bytes]</c>, big-endian, as Pravega's
/// writers (ours and Java's) store them. Readers parse this header; anything else at an event boundary is corruption.
/// </summary>
internal static class EventFraming
{
    public const int HeaderLength = 8;

    /// <summary>Largest payload a reader accepts (Pravega's 8 MiB event limit; a header claiming more is corrupt).</summary>
    public const int MaxEventLength = 8 * 1024 * 1024;

    /// <summary>
    /// Reads the header at the start of <paramref name="buffer"/>: false when fewer than 8 bytes are there; the length
    /// of the payload otherwise. A header that is not an event's throws <see cref="InvalidDataException"/>.
    /// </summary>
    public static bool TryReadHeader(ReadOnlySpan<byte> buffer, long offset, out int length)
    {
        length = 0;
        if (buffer.Length < HeaderLength)
        {
            return false;
        }
        var type = BinaryPrimitives.ReadInt32BigEndian(buffer);
        length = BinaryPrimitives.ReadInt32BigEndian(buffer[4..]);
        if (type != 0 || length < 0 || length > MaxEventLength)
        {
            throw new InvalidDataException($"no event header at offset {offset} (type {type}, length {length})");
        }
        return true;
    }
}
