using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.InteropServices;

namespace Pravega.Perf.Common.Hashing;

/// <summary>
/// MurmurHash3 x64 128-bit with Guava's conventions (<c>Hashing.murmur3_128(int seed)</c>): the int seed is
/// sign-extended into both halves of the state, and <see cref="HashUnencodedChars"/> hashes a string's UTF-16 code
/// units as little-endian byte pairs, as Guava's <c>hashUnencodedChars</c> does. Pravega routes events and maps
/// segments to containers with it, so every bit must match. Nothing here allocates.
/// </summary>
public static class Murmur3
{
    private const ulong C1 = 0x87c37b91114253d5UL;
    private const ulong C2 = 0x4cf5ad432745937fUL;

    /// <summary>Guava's <c>hashUnencodedChars</c>: the chars as-is (no UTF-8 encoding), two bytes each.</summary>
    public static Murmur3Hash HashUnencodedChars(ReadOnlySpan<char> chars, int seed) =>
        HashBytes(MemoryMarshal.AsBytes(chars), seed);

    /// <summary>Guava's <c>hashBytes</c>.</summary>
    public static Murmur3Hash HashBytes(ReadOnlySpan<byte> data, int seed)
    {
        // The reinterpretation in HashUnencodedChars yields little-endian pairs only on little-endian machines.
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("Murmur3 over chars assumes a little-endian machine.");
        }

        var h1 = (ulong)(long)seed;
        var h2 = h1;
        var blocks = data.Length / 16;
        for (var i = 0; i < blocks; i++)
        {
            var block = data.Slice(i * 16, 16);
            var k1 = BinaryPrimitives.ReadUInt64LittleEndian(block);
            var k2 = BinaryPrimitives.ReadUInt64LittleEndian(block[8..]);

            h1 ^= MixK1(k1);
            h1 = BitOperations.RotateLeft(h1, 27);
            h1 += h2;
            h1 = (h1 * 5) + 0x52dce729;

            h2 ^= MixK2(k2);
            h2 = BitOperations.RotateLeft(h2, 31);
            h2 += h1;
            h2 = (h2 * 5) + 0x38495ab5;
        }

        var tail = data[(blocks * 16)..];
        if (!tail.IsEmpty)
        {
            // The tail is read as two little-endian words padded with zeros, which is what the
            // byte-by-byte switch of the reference implementation computes.
            Span<byte> padded = stackalloc byte[16];
            padded.Clear();
            tail.CopyTo(padded);
            h1 ^= MixK1(BinaryPrimitives.ReadUInt64LittleEndian(padded));
            if (tail.Length > 8)
            {
                h2 ^= MixK2(BinaryPrimitives.ReadUInt64LittleEndian(padded[8..]));
            }
        }

        var length = (ulong)data.Length;
        h1 ^= length;
        h2 ^= length;
        h1 += h2;
        h2 += h1;
        h1 = FMix64(h1);
        h2 = FMix64(h2);
        h1 += h2;
        h2 += h1;
        return new Murmur3Hash((long)h1, (long)h2);
    }

    /// <summary>Java's <c>String.hashCode()</c>, which Pravega's <c>HashHelper.seededWith(name)</c> uses as the seed.</summary>
    public static int JavaStringHashCode(ReadOnlySpan<char> name)
    {
        var h = 0;
        foreach (var c in name)
        {
            h = unchecked((31 * h) + c);
        }
        return h;
    }

    private static ulong MixK1(ulong k1) => BitOperations.RotateLeft(k1 * C1, 31) * C2;

    private static ulong MixK2(ulong k2) => BitOperations.RotateLeft(k2 * C2, 33) * C1;

    private static ulong FMix64(ulong k)
    {
        k ^= k >> 33;
        k *= 0xff51afd7ed558ccdUL;
        k ^= k >> 33;
        k *= 0xc4ceb9fe1a85ec53UL;
        k ^= k >> 33;
        return k;
    }
}
