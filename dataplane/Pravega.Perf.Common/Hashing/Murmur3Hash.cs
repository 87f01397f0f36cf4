using System.Buffers.Binary;

namespace Pravega.Perf.Common.Hashing;

/// <summary>
/// A 128-bit MurmurHash3 (x64) result as Guava's <c>HashCode</c> holds it: the bytes are <see cref="H1"/> then
/// <see cref="H2"/>, each little-endian.
/// </summary>
public readonly record struct Murmur3Hash(long H1, long H2)
{
    /// <summary>Guava's <c>asLong()</c> (and <c>padToLong()</c>): the first eight bytes, which is <see cref="H1"/>.</summary>
    public long AsLong() => H1;

    /// <summary>Writes the 16 bytes in Guava's <c>asBytes()</c> order.</summary>
    public void WriteBytes(Span<byte> destination)
    {
        BinaryPrimitives.WriteInt64LittleEndian(destination, H1);
        BinaryPrimitives.WriteInt64LittleEndian(destination[8..], H2);
    }
}
