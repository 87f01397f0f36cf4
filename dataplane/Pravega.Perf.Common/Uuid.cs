using System.Buffers.Binary;
using System.Globalization;

namespace Pravega.Perf.Common;

/// <summary>
/// A 128-bit id laid out as Java's <c>java.util.UUID</c>: most significant long, then least significant long.
/// Writer ids and attribute ids travel in this form on the wire (two big-endian int64s), so we keep the two
/// halves rather than <see cref="Guid"/>, whose byte order differs.
/// </summary>
public readonly record struct Uuid(long Msb, long Lsb) : IComparable<Uuid>
{
    public static readonly Uuid Empty;

    public static Uuid NewRandom()
    {
        Span<byte> b = stackalloc byte[16];
        Random.Shared.NextBytes(b);
        return new Uuid(BinaryPrimitives.ReadInt64BigEndian(b), BinaryPrimitives.ReadInt64BigEndian(b[8..]));
    }

    /// <summary>Parses the canonical 8-4-4-4-12 hex form.</summary>
    public static Uuid Parse(string text)
    {
        var hex = text.Replace("-", string.Empty, StringComparison.Ordinal);
        if (hex.Length != 32)
        {
            throw new FormatException($"'{text}' is not a UUID");
        }
        return new Uuid(
            (long)ulong.Parse(hex.AsSpan(0, 16), NumberStyles.HexNumber, CultureInfo.InvariantCulture),
            (long)ulong.Parse(hex.AsSpan(16, 16), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
    }

    public void WriteBigEndian(Span<byte> destination)
    {
        BinaryPrimitives.WriteInt64BigEndian(destination, Msb);
        BinaryPrimitives.WriteInt64BigEndian(destination[8..], Lsb);
    }

    public static Uuid ReadBigEndian(ReadOnlySpan<byte> source) =>
        new(BinaryPrimitives.ReadInt64BigEndian(source), BinaryPrimitives.ReadInt64BigEndian(source[8..]));

    public int CompareTo(Uuid other)
    {
        var c = Msb.CompareTo(other.Msb);
        return c != 0 ? c : Lsb.CompareTo(other.Lsb);
    }

    public static bool operator <(Uuid left, Uuid right) => left.CompareTo(right) < 0;
    public static bool operator <=(Uuid left, Uuid right) => left.CompareTo(right) <= 0;
    public static bool operator >(Uuid left, Uuid right) => left.CompareTo(right) > 0;
    public static bool operator >=(Uuid left, Uuid right) => left.CompareTo(right) >= 0;

    public override string ToString()
    {
        var m = (ulong)Msb;
        var l = (ulong)Lsb;
        return string.Create(CultureInfo.InvariantCulture,
            $"{m >> 32:x8}-{(m >> 16) & 0xFFFF:x4}-{m & 0xFFFF:x4}-{l >> 48:x4}-{l & 0xFFFFFFFFFFFF:x12}");
    }
}
