using System.Buffers.Binary;
using System.Collections.Immutable;
using System.Text;
using Pravega.Perf.Interop.Crc;

namespace Pravega.Perf.SegmentStore.Storage.FileSystem;

/// <summary>
/// The metadata file format (little-endian):
/// <code>
/// +-------+------+---------+-------+-------+--------+-------+---------+------+-----------+------------+---------+--------+--------+
/// | magic | fmt  | version | epoch | start | length | flags | id+prev | name | mergedInto| pendingSrc | nChunks | chunks | crc32c |
/// | u32   | u16  | i64     | i64   | i64   | i64    | u8    | 2x16    | str  | str       | str        | i32     | ...    | u32    |
/// +-------+------+---------+-------+-------+--------+-------+---------+------+-----------+------------+---------+--------+--------+
/// str   = i32 byte count (-1 = null) + UTF-8 bytes
/// chunk = str name + i64 startOffset + i64 length + u8 flags (bit0 compressed)
/// flags = bit0 sealed, bit1 deleted, bit2 fence
/// </code>
/// The CRC32C covers every byte before it; a file that fails it was never committed (commits link only synced files),
/// so it is skipped as torn.
/// </summary>
internal static class SegmentRecordSerializer
{
    private const uint Magic = 0x314D5350; // "PSM1"
    private const ushort FormatVersion = 1;

    public static byte[] Serialize(SegmentRecord record)
    {
        var size = 4 + 2 + 8 * 4 + 1 + 32 + Str(record.Name) + Str(record.MergedInto) + Str(record.PendingMergeSource) + 4 + 4;
        foreach (var c in record.Chunks)
        {
            size += Str(c.Name) + 8 + 8 + 1;
        }
        var bytes = new byte[size];
        var span = bytes.AsSpan();
        var p = 0;
        BinaryPrimitives.WriteUInt32LittleEndian(span[p..], Magic);
        p += 4;
        BinaryPrimitives.WriteUInt16LittleEndian(span[p..], FormatVersion);
        p += 2;
        p += WriteI64(span[p..], record.Version);
        p += WriteI64(span[p..], record.OwnerEpoch);
        p += WriteI64(span[p..], record.StartOffset);
        p += WriteI64(span[p..], record.Length);
        span[p++] = (byte)((record.IsSealed ? 1 : 0) | (record.IsDeleted ? 2 : 0) | (record.IsFence ? 4 : 0));
        record.Id.TryWriteBytes(span[p..]);
        p += 16;
        record.PreviousId.TryWriteBytes(span[p..]);
        p += 16;
        p += WriteStr(span[p..], record.Name);
        p += WriteStr(span[p..], record.MergedInto);
        p += WriteStr(span[p..], record.PendingMergeSource);
        BinaryPrimitives.WriteInt32LittleEndian(span[p..], record.Chunks.Length);
        p += 4;
        foreach (var c in record.Chunks)
        {
            p += WriteStr(span[p..], c.Name);
            p += WriteI64(span[p..], c.StartOffset);
            p += WriteI64(span[p..], c.Length);
            span[p++] = (byte)(c.IsCompressed ? 1 : 0);
        }
        BinaryPrimitives.WriteUInt32LittleEndian(span[p..], Crc32C.Compute(span[..p]));
        return bytes;
    }

    /// <summary>Parses a metadata file; null when it is torn or not a metadata file.</summary>
    public static SegmentRecord? TryDeserialize(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < 4 + 2 + 32 + 1 + 32 + 4 + 4
            || BinaryPrimitives.ReadUInt32LittleEndian(bytes) != Magic
            || BinaryPrimitives.ReadUInt32LittleEndian(bytes[^4..]) != Crc32C.Compute(bytes[..^4]))
        {
            return null;
        }
        var p = 6;
        var version = ReadI64(bytes, ref p);
        var epoch = ReadI64(bytes, ref p);
        var start = ReadI64(bytes, ref p);
        var length = ReadI64(bytes, ref p);
        var flags = bytes[p++];
        var id = new Guid(bytes.Slice(p, 16));
        p += 16;
        var previousId = new Guid(bytes.Slice(p, 16));
        p += 16;
        var name = ReadStr(bytes, ref p)!;
        var mergedInto = ReadStr(bytes, ref p);
        var pending = ReadStr(bytes, ref p);
        var count = BinaryPrimitives.ReadInt32LittleEndian(bytes[p..]);
        p += 4;
        var chunks = ImmutableArray.CreateBuilder<ChunkRecord>(count);
        for (var i = 0; i < count; i++)
        {
            var chunkName = ReadStr(bytes, ref p)!;
            var chunkStart = ReadI64(bytes, ref p);
            var chunkLength = ReadI64(bytes, ref p);
            var chunkFlags = bytes[p++];
            chunks.Add(new ChunkRecord(chunkName, chunkStart, chunkLength, (chunkFlags & 1) != 0));
        }
        return new SegmentRecord
        {
            Name = name,
            Version = version,
            OwnerEpoch = epoch,
            Id = id,
            PreviousId = previousId,
            StartOffset = start,
            Length = length,
            IsSealed = (flags & 1) != 0,
            IsDeleted = (flags & 2) != 0,
            IsFence = (flags & 4) != 0,
            MergedInto = mergedInto,
            PendingMergeSource = pending,
            Chunks = chunks.MoveToImmutable(),
        };
    }

    private static int Str(string? s) => 4 + (s is null ? 0 : Encoding.UTF8.GetByteCount(s));

    private static int WriteI64(Span<byte> span, long value)
    {
        BinaryPrimitives.WriteInt64LittleEndian(span, value);
        return 8;
    }

    private static int WriteStr(Span<byte> span, string? s)
    {
        if (s is null)
        {
            BinaryPrimitives.WriteInt32LittleEndian(span, -1);
            return 4;
        }
        var n = Encoding.UTF8.GetBytes(s, span[4..]);
        BinaryPrimitives.WriteInt32LittleEndian(span, n);
        return 4 + n;
    }

    private static long ReadI64(ReadOnlySpan<byte> bytes, ref int p)
    {
        var v = BinaryPrimitives.ReadInt64LittleEndian(bytes[p..]);
        p += 8;
        return v;
    }

    private static string? ReadStr(ReadOnlySpan<byte> bytes, ref int p)
    {
        var n = BinaryPrimitives.ReadInt32LittleEndian(bytes[p..]);
        p += 4;
        if (n < 0)
        {
            return null;
        }
        var s = Encoding.UTF8.GetString(bytes.Slice(p, n));
        p += n;
        return s;
    }
}
