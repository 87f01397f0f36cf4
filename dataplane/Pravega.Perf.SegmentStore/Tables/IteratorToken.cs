namespace Pravega.Perf.SegmentStore.Tables;

/// <summary>
/// A continuation token: the position of the last item returned, in iteration order, so it stays valid across calls,
/// updates, compaction and restarts (Pravega's tokens likewise name the last key hash, not an offset).
/// <code>
/// 0    1   token version (1)
/// 1    1   layout: 0 = hash, 1 = fixed key length
/// 2    16  hash layout only: the key's hash (KeyHash, big-endian)
/// +    k   the key
/// </code>
/// </summary>
internal static class IteratorToken
{
    private const byte Version = 1;
    private const byte HashLayout = 0;
    private const byte FixedLayout = 1;

    public static byte[] Create(IndexEntry entry, bool hashLayout)
    {
        var prefix = hashLayout ? 2 + KeyHash.Length : 2;
        var token = new byte[prefix + entry.Key.Length];
        token[0] = Version;
        token[1] = hashLayout ? HashLayout : FixedLayout;
        if (hashLayout)
        {
            entry.Hash.Write(token.AsSpan(2));
        }
        entry.Key.CopyTo(token, prefix);
        return token;
    }

    /// <summary>Decodes a token of this layout; throws <see cref="ArgumentException"/> for anything else.</summary>
    public static (KeyHash Hash, ReadOnlyMemory<byte> Key) Parse(ReadOnlyMemory<byte> token, bool hashLayout, string segment)
    {
        var span = token.Span;
        var prefix = hashLayout ? 2 + KeyHash.Length : 2;
        if (span.Length < prefix || span[0] != Version || span[1] != (hashLayout ? HashLayout : FixedLayout))
        {
            throw new ArgumentException($"Not a continuation token of table segment '{segment}' ({span.Length} bytes).", nameof(token));
        }
        return (hashLayout ? KeyHash.Read(span[2..]) : default, token[prefix..]);
    }
}
