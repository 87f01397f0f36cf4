using System.Buffers.Binary;
using Pravega.Perf.Interop.Crc;

namespace Pravega.Perf.SegmentStore.Wal;

/// <summary>
/// The frame header every device writes and checks. Our own format (little-endian), not Pravega's: the WAL is
/// internal to the store.
/// <code>
///  0       4         8        12        16          24        32            40           48
///  +-------+---------+--------+---------+-----------+---------+-------------+------------+---------
///  | magic | payload | crc32c | version | address   | epoch   | first seq   | last seq   | payload
///  |       | length  |        |         | (int64)   | (int64) | (int64)     | (int64)    | ...
///  +-------+---------+--------+---------+-----------+---------+-------------+------------+---------
/// </code>
/// The CRC covers bytes 12..48 and the payload. The address makes a stale frame left in a reused file (or beyond a
/// cut tail) invalid where a newer one is expected, even though its own CRC is fine.
/// </summary>
public static class WalFrameFormat
{
    public const int HeaderLength = 48;
    public const uint Magic = 0x4C57_5050; // "PPWL" read little-endian
    public const uint Version = 1;

    private const int PayloadLengthOffset = 4;
    private const int CrcOffset = 8;
    private const int VersionOffset = 12;
    private const int AddressOffset = 16;
    private const int EpochOffset = 24;
    private const int FirstSequenceOffset = 32;
    private const int LastSequenceOffset = 40;

    /// <summary>Fills the header of <paramref name="frame"/> (whose payload follows the header).</summary>
    public static void WriteHeader(Span<byte> frame, long address, long epoch, long firstSequence, long lastSequence)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(frame, Magic);
        BinaryPrimitives.WriteInt32LittleEndian(frame[PayloadLengthOffset..], frame.Length - HeaderLength);
        BinaryPrimitives.WriteUInt32LittleEndian(frame[VersionOffset..], Version);
        BinaryPrimitives.WriteInt64LittleEndian(frame[AddressOffset..], address);
        BinaryPrimitives.WriteInt64LittleEndian(frame[EpochOffset..], epoch);
        BinaryPrimitives.WriteInt64LittleEndian(frame[FirstSequenceOffset..], firstSequence);
        BinaryPrimitives.WriteInt64LittleEndian(frame[LastSequenceOffset..], lastSequence);
        BinaryPrimitives.WriteUInt32LittleEndian(frame[CrcOffset..], Crc32C.Compute(frame[VersionOffset..]));
    }

    /// <summary>
    /// Checks that a header sits at <paramref name="expectedAddress"/> and returns its payload length, or -1 if there
    /// is no valid header (zeros, garbage, a stale frame of an earlier lap). The payload is checked by
    /// <see cref="IsPayloadValid"/>.
    /// </summary>
    public static int ReadPayloadLength(ReadOnlySpan<byte> header, long expectedAddress, int maxPayloadLength)
    {
        if (header.Length < HeaderLength
            || BinaryPrimitives.ReadUInt32LittleEndian(header) != Magic
            || BinaryPrimitives.ReadUInt32LittleEndian(header[VersionOffset..]) != Version
            || BinaryPrimitives.ReadInt64LittleEndian(header[AddressOffset..]) != expectedAddress)
        {
            return -1;
        }
        var length = BinaryPrimitives.ReadInt32LittleEndian(header[PayloadLengthOffset..]);
        return length < 0 || length > maxPayloadLength ? -1 : length;
    }

    /// <summary>True if the CRC of a whole frame (header + payload) matches.</summary>
    public static bool IsPayloadValid(ReadOnlySpan<byte> frame) =>
        BinaryPrimitives.ReadUInt32LittleEndian(frame[CrcOffset..]) == Crc32C.Compute(frame[VersionOffset..]);

    /// <summary>Decodes a validated frame.</summary>
    public static WalFrame ToFrame(ReadOnlyMemory<byte> frame)
    {
        var span = frame.Span;
        return new WalFrame(
            BinaryPrimitives.ReadInt64LittleEndian(span[AddressOffset..]),
            BinaryPrimitives.ReadInt64LittleEndian(span[EpochOffset..]),
            BinaryPrimitives.ReadInt64LittleEndian(span[FirstSequenceOffset..]),
            BinaryPrimitives.ReadInt64LittleEndian(span[LastSequenceOffset..]),
            frame[HeaderLength..]);
    }
}
