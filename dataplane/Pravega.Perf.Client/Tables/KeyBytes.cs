namespace Pravega.Perf.Client.Tables;

/// <summary>
/// Byte-key helpers of the fixed-key-length table segments, which sort keys as unsigned bytes (so does
/// <see cref="MemoryExtensions.SequenceCompareTo{T}(ReadOnlySpan{T}, ReadOnlySpan{T})"/> on bytes).
/// </summary>
internal static class KeyBytes
{
    public const byte Min = 0x00;
    public const byte Max = 0xFF;

    /// <summary>The unsigned byte order of whole keys.</summary>
    public static IComparer<ReadOnlyMemory<byte>> Comparer { get; } =
        Comparer<ReadOnlyMemory<byte>>.Create(static (a, b) => a.Span.SequenceCompareTo(b.Span));

    /// <summary><paramref name="prefix"/> followed by <paramref name="fill"/> up to <paramref name="length"/> bytes.</summary>
    public static byte[] Pad(ReadOnlySpan<byte> prefix, byte fill, int length)
    {
        var result = new byte[length];
        prefix.CopyTo(result);
        result.AsSpan(prefix.Length).Fill(fill);
        return result;
    }

    /// <summary>The key right after <paramref name="key"/> in byte order, or null when it is all 0xFF (nothing follows).</summary>
    public static byte[]? Successor(ReadOnlySpan<byte> key)
    {
        var result = key.ToArray();
        for (var i = result.Length - 1; i >= 0; i--)
        {
            if (++result[i] != 0)
            {
                return result;
            }
        }
        return null;
    }
}
