using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Pravega.Perf.SegmentStore.Tables;

/// <summary>
/// A hash-layout key's position in iteration order: the first 16 bytes of SHA-256(key), as Pravega's
/// <c>KeyHasher</c> buckets keys, compared as unsigned big-endian numbers.
/// </summary>
internal readonly record struct KeyHash(ulong High, ulong Low) : IComparable<KeyHash>
{
    public const int Length = 16;

    public static KeyHash Compute(ReadOnlySpan<byte> key)
    {
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(key, digest);
        return Read(digest);
    }

    public static KeyHash Read(ReadOnlySpan<byte> source) =>
        new(BinaryPrimitives.ReadUInt64BigEndian(source), BinaryPrimitives.ReadUInt64BigEndian(source[8..]));

    public void Write(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt64BigEndian(destination, High);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], Low);
    }

    public int CompareTo(KeyHash other)
    {
        var c = High.CompareTo(other.High);
        return c != 0 ? c : Low.CompareTo(other.Low);
    }
}
