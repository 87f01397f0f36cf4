namespace Pravega.Perf.Common.Hashing;

/// <summary>
/// Pravega's routing-key hash (<c>HashHelper.seededWith("EventRouter").hashToRange(key)</c>): the key's UTF-16 chars
/// through murmur3_128, then 52 bits of <c>h1</c> as a double in [0, 1). The client picks the segment whose key range
/// holds this value, so a key must land on the same segment as it does with Pravega's own client.
/// </summary>
public static class RoutingKeyHash
{
    /// <summary><c>"EventRouter".hashCode()</c> in Java.</summary>
    public const int Seed = 1741865571;

    /// <summary>The position of <paramref name="key"/> in the key space [0, 1).</summary>
    public static double Hash(ReadOnlySpan<char> key) => ToUnitInterval(Murmur3.HashUnencodedChars(key, Seed).AsLong());

    /// <summary>
    /// Pravega's <c>longToDoubleFraction</c>: bits 12..63 of <paramref name="h1"/> (arithmetic shift, then masked)
    /// become the mantissa of a double in [1, 2), and 1 is subtracted.
    /// </summary>
    public static double ToUnitInterval(long h1)
    {
        var bits = ((h1 >> 12) & 0x000FFFFFFFFFFFFFL) | 0x3FF0000000000000L;
        return BitConverter.Int64BitsToDouble(bits) - 1.0;
    }
}
