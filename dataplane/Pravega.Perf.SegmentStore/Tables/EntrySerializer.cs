using System.Buffers.Binary;
using Pravega.Perf.Interop.Crc;
using Pravega.Perf.SegmentStore.Contracts.Tables;

namespace Pravega.Perf.SegmentStore.Tables;

/// <summary>
/// How table entries are laid out in their segment: self-describing and checksummed, so the index can always be
/// rebuilt by scanning the segment and a stray or damaged byte is detected rather than indexed.
/// <code>
/// offset size field
/// 0      1    format version (1)
/// 1      1    flags: 0x01 removal (no value), 0x02 explicit version (a compaction copy keeps its version)
/// 2      4    key length (int32 big-endian)
/// 6      4    value length (int32 big-endian; 0 for a removal)
/// 10     8    explicit version (int64 big-endian; Long.MIN_VALUE unless flag 0x02)
/// 18     4    CRC32C of bytes [0, 18), the key and the value
/// 22     k    key
/// 22+k   v    value
/// </code>
/// Pravega's own header (17 bytes: version, key length, value length or −1, entry version) carries the same facts;
/// ours adds the checksum, which Pravega leaves to its log.
/// </summary>
internal static class EntrySerializer
{
    public const int HeaderLength = 22;
    public const byte FormatVersion = 1;
    public const byte RemovalFlag = 0x01;
    public const byte ExplicitVersionFlag = 0x02;

    private const int FlagsOffset = 1;
    private const int KeyLengthOffset = 2;
    private const int ValueLengthOffset = 6;
    private const int VersionOffset = 10;
    private const int CrcOffset = 18;

    /// <summary>Largest serialized entry (a maximal key and value).</summary>
    public const int MaxEntryLength = HeaderLength + TableLimits.MaxKeyLength + TableLimits.MaxValueLength;

    public static int SizeOf(int keyLength, int valueLength) => HeaderLength + keyLength + valueLength;

    /// <summary>Writes an update (or, with <paramref name="isRemoval"/>, a removal) and returns its length.</summary>
    public static int Write(Span<byte> destination, ReadOnlySpan<byte> key, ReadOnlySpan<byte> value, bool isRemoval,
        long explicitVersion = TableKey.NoVersion)
    {
        var flags = (byte)((isRemoval ? RemovalFlag : 0) | (explicitVersion == TableKey.NoVersion ? 0 : ExplicitVersionFlag));
        var valueLength = isRemoval ? 0 : value.Length;
        destination[0] = FormatVersion;
        destination[FlagsOffset] = flags;
        BinaryPrimitives.WriteInt32BigEndian(destination[KeyLengthOffset..], key.Length);
        BinaryPrimitives.WriteInt32BigEndian(destination[ValueLengthOffset..], valueLength);
        BinaryPrimitives.WriteInt64BigEndian(destination[VersionOffset..], explicitVersion);
        key.CopyTo(destination[HeaderLength..]);
        if (!isRemoval)
        {
            value.CopyTo(destination[(HeaderLength + key.Length)..]);
        }
        var total = HeaderLength + key.Length + valueLength;
        var crc = Crc32C.Compute(destination[..CrcOffset]);
        crc = Crc32C.Append(crc, destination[HeaderLength..total]);
        BinaryPrimitives.WriteUInt32BigEndian(destination[CrcOffset..], crc);
        return total;
    }

    /// <summary>Decodes a header; false (with a reason) if these bytes cannot be the start of an entry.</summary>
    public static bool TryReadHeader(ReadOnlySpan<byte> source, out EntryHeader header, out string? error)
    {
        header = default;
        if (source[0] != FormatVersion)
        {
            error = $"unknown entry format version {source[0]}";
            return false;
        }
        var flags = source[FlagsOffset];
        if ((flags & ~(RemovalFlag | ExplicitVersionFlag)) != 0)
        {
            error = $"unknown entry flags 0x{flags:x2}";
            return false;
        }
        var keyLength = BinaryPrimitives.ReadInt32BigEndian(source[KeyLengthOffset..]);
        var valueLength = BinaryPrimitives.ReadInt32BigEndian(source[ValueLengthOffset..]);
        var isRemoval = (flags & RemovalFlag) != 0;
        if (keyLength is < 0 or > TableLimits.MaxKeyLength || valueLength is < 0 or > TableLimits.MaxValueLength
            || (isRemoval && valueLength != 0))
        {
            error = $"entry lengths out of range (key {keyLength}, value {valueLength})";
            return false;
        }
        var version = BinaryPrimitives.ReadInt64BigEndian(source[VersionOffset..]);
        if (((flags & ExplicitVersionFlag) != 0) == (version == TableKey.NoVersion))
        {
            error = "explicit-version flag and version disagree";
            return false;
        }
        header = new EntryHeader(isRemoval, keyLength, valueLength, version, BinaryPrimitives.ReadUInt32BigEndian(source[CrcOffset..]));
        error = null;
        return true;
    }

    /// <summary>True if the whole entry (<paramref name="entry"/> = header + key + value) matches its checksum.</summary>
    public static bool ChecksumMatches(ReadOnlySpan<byte> entry, in EntryHeader header)
    {
        var crc = Crc32C.Compute(entry[..CrcOffset]);
        crc = Crc32C.Append(crc, entry[HeaderLength..header.TotalLength]);
        return crc == header.Crc;
    }
}
