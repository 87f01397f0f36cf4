using System.Buffers.Binary;
using Pravega.Perf.Client.Writers;

namespace Pravega.Perf.Client.Watermarks;

/// <summary>
/// <see cref="Watermark"/> in exactly the bytes Pravega's Java readers decode (<c>Watermark.WatermarkSerializer</c>, a
/// <c>VersionedSerializer</c>, reference §6). The revisioned stream client frames each record as an event (the 8-byte
/// <c>[type=0][length]</c> header, <c>PendingEvent.withHeader</c>); these are the bytes inside it:
/// <code>
///   +------+---------+-----------+----------+--------------------+
///   | 0x00 | ver 0x00| revs 0x01 | rev 0x00 | length (int32, BE) |   VersionedSerializer header
///   +------+---------+-----------+----------+--------------------+
///   | lowerTimeBound int64 | upperTimeBound int64 | count (compact int) |
///   | count × [ SegmentWithRange | offset int64 ]                         |
///   +---------------------------------------------------------------------+
/// SegmentWithRange, nested (its own header; the length is always 24):
///   | 0x00 | 0x00 | 0x01 | 0x00 | 00 00 00 18 | segmentId int64 | rangeLow double | rangeHigh double |
/// </code>
/// Integers are big-endian and doubles are their IEEE bits as an int64 (Java's <c>DataOutput</c>). A compact int is
/// 1 byte (0xxxxxxx), 2 bytes (10xxxxxx …) or 4 bytes (11xxxxxx …). Readers skip revisions they do not know.
/// </summary>
public sealed class WatermarkSerializer : ISerializer<Watermark>
{
    /// <summary>VersionedSerializer's format byte, the object version and one revision (0) before its length.</summary>
    private const int HeaderLength = 4 + sizeof(int);

    private const int SegmentWithRangeBodyLength = sizeof(long) + 2 * sizeof(double);

    private const int EntryLength = HeaderLength + SegmentWithRangeBodyLength + sizeof(long);

    private const int MaxCompactInt = (1 << 30) - 1;

    public static WatermarkSerializer Instance { get; } = new();

    public ReadOnlyMemory<byte> Serialize(Watermark value) => ToBytes(value);

    public Watermark Deserialize(ReadOnlyMemory<byte> bytes) => FromBytes(bytes.Span);

    public static byte[] ToBytes(Watermark watermark)
    {
        ArgumentNullException.ThrowIfNull(watermark);
        var count = watermark.StreamCut.Count;
        var bodyLength = 2 * sizeof(long) + CompactIntLength(count) + count * EntryLength;
        var bytes = new byte[HeaderLength + bodyLength];
        var span = bytes.AsSpan();
        var at = WriteHeader(span, bodyLength);
        BinaryPrimitives.WriteInt64BigEndian(span[at..], watermark.LowerTimeBound);
        BinaryPrimitives.WriteInt64BigEndian(span[(at + 8)..], watermark.UpperTimeBound);
        at += 16;
        at += WriteCompactInt(span[at..], count);
        foreach (var (segment, offset) in watermark.StreamCut)
        {
            at += WriteHeader(span[at..], SegmentWithRangeBodyLength);
            BinaryPrimitives.WriteInt64BigEndian(span[at..], segment.SegmentId);
            BinaryPrimitives.WriteDoubleBigEndian(span[(at + 8)..], segment.RangeLow);
            BinaryPrimitives.WriteDoubleBigEndian(span[(at + 16)..], segment.RangeHigh);
            BinaryPrimitives.WriteInt64BigEndian(span[(at + 24)..], offset);
            at += SegmentWithRangeBodyLength + sizeof(long);
        }
        return bytes;
    }

    /// <summary>Decodes a watermark (written by us or by Pravega's controller); <see cref="InvalidDataException"/> when the bytes are not one.</summary>
    public static Watermark FromBytes(ReadOnlySpan<byte> bytes)
    {
        var reader = new Reader(bytes);
        long lower = 0, upper = 0;
        var cut = new Dictionary<SegmentWithRange, long>();
        reader.ReadRevisions((ref Reader body) =>
        {
            lower = body.Int64();
            upper = body.Int64();
            var count = body.CompactInt();
            for (var i = 0; i < count; i++)
            {
                var segment = default(SegmentWithRange);
                body.ReadRevisions((ref Reader s) => segment = new SegmentWithRange(s.Int64(), s.Double(), s.Double()));
                cut[segment] = body.Int64();
            }
        });
        return new Watermark(lower, upper, cut);
    }

    private static int WriteHeader(Span<byte> span, int bodyLength)
    {
        span[0] = 0; // VersionedSerializer's own format version
        span[1] = 0; // the object's version
        span[2] = 1; // one revision follows
        span[3] = 0; // revision 0
        BinaryPrimitives.WriteInt32BigEndian(span[4..], bodyLength);
        return HeaderLength;
    }

    private static int CompactIntLength(int value) => value switch
    {
        < 0 or > MaxCompactInt => throw new ArgumentOutOfRangeException(nameof(value), value, "a compact int holds [0, 2^30)"),
        > 0x3FFF => 4,
        > 0x7F => 2,
        _ => 1,
    };

    private static int WriteCompactInt(Span<byte> span, int value)
    {
        switch (CompactIntLength(value))
        {
            case 4:
                BinaryPrimitives.WriteInt32BigEndian(span, value | unchecked((int)0xC000_0000));
                return 4;
            case 2:
                BinaryPrimitives.WriteInt16BigEndian(span, (short)(value | 0x8000));
                return 2;
            default:
                span[0] = (byte)value;
                return 1;
        }
    }

    private delegate void RevisionReader(ref Reader revision);

    /// <summary>A cursor over big-endian fields that fails with <see cref="InvalidDataException"/> instead of reading past the end.</summary>
    private ref struct Reader(ReadOnlySpan<byte> bytes)
    {
        private readonly ReadOnlySpan<byte> _bytes = bytes;
        private int _at;

        public long Int64() => BinaryPrimitives.ReadInt64BigEndian(Take(8));

        public double Double() => BinaryPrimitives.ReadDoubleBigEndian(Take(8));

        public int CompactInt()
        {
            // The two high bits of the first byte say how many bytes the value has.
            var width = _at < _bytes.Length ? _bytes[_at] >> 6 : 0;
            return width switch
            {
                3 => BinaryPrimitives.ReadInt32BigEndian(Take(4)) & MaxCompactInt,
                2 => BinaryPrimitives.ReadUInt16BigEndian(Take(2)) & 0x3FFF,
                _ => Take(1)[0],
            };
        }

        /// <summary>
        /// Reads a VersionedSerializer header at the cursor and hands revision 0's bytes to <paramref name="read"/>;
        /// later revisions (a newer writer's additions) are skipped by their lengths, as Pravega's readers do.
        /// </summary>
        public void ReadRevisions(RevisionReader read)
        {
            var header = Take(3);
            if (header[0] != 0 || header[1] != 0)
            {
                throw new InvalidDataException($"not a version-0 VersionedSerializer record (format {header[0]}, version {header[1]})");
            }
            for (var i = 0; i < header[2]; i++)
            {
                var revision = Take(1)[0];
                var length = BinaryPrimitives.ReadInt32BigEndian(Take(4));
                var body = Take(length);
                if (revision == 0)
                {
                    var inner = new Reader(body);
                    read(ref inner);
                }
            }
        }

        private ReadOnlySpan<byte> Take(int count)
        {
            if (count < 0 || _bytes.Length - _at < count)
            {
                throw new InvalidDataException($"watermark record ends at byte {_bytes.Length}, {count} more needed at {_at}");
            }
            var slice = _bytes.Slice(_at, count);
            _at += count;
            return slice;
        }
    }
}
