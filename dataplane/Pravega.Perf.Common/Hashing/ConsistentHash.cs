namespace Pravega.Perf.Common.Hashing;

/// <summary>
/// Guava's <c>Hashing.consistentHash(long, int)</c> (Lamping and Veach's jump hash driven by a 64-bit linear
/// congruential generator). Pravega maps a segment's hash to a container with it; growing the bucket count moves
/// only the keys that must move.
/// </summary>
public static class ConsistentHash
{
    private const long Multiplier = 2862933555777941757L;

    /// <summary>The bucket in [0, <paramref name="buckets"/>) for <paramref name="input"/>.</summary>
    public static int Bucket(long input, int buckets)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(buckets);
        var state = input;
        var candidate = 0;
        while (true)
        {
            state = unchecked((Multiplier * state) + 1);
            // Java computes "(int) (state >>> 33) + 1" in int arithmetic: 2^31 - 1 + 1 wraps to -2^31,
            // which makes the quotient negative and ends the walk; keep that wrap.
            var numerator = unchecked((int)((ulong)state >> 33) + 1);
            var next = (candidate + 1) / (numerator / 2147483648.0);
            // Java's (int) cast saturates and then the result is range-checked; for a positive quotient
            // "(int)q < buckets" is the same as "q < buckets", and a negative one always ends the walk.
            if (!(next >= 0 && next < buckets))
            {
                return candidate;
            }
            candidate = (int)next;
        }
    }
}
