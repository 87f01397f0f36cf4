namespace Pravega.Perf.SegmentStore.Tables;

/// <summary>
/// Where a key's latest entry is: its offset in the segment, its version and its serialized length. Also a node of
/// the <see cref="SortedKeyList"/> (its forward links), so a key costs one object in the index.
/// </summary>
internal sealed class IndexEntry
{
    public IndexEntry(byte[] key, KeyHash hash, int level)
    {
        Key = key;
        Hash = hash;
        Next = new IndexEntry?[level];
    }

    public byte[] Key { get; }

    /// <summary>The key's hash for the hash layout (zero for the fixed-key-length layout): the first sort criterion.</summary>
    public KeyHash Hash { get; }

    public long Offset { get; set; }

    public long Version { get; set; }

    public int Length { get; set; }

    /// <summary>Skip-list forward links, one per level.</summary>
    public IndexEntry?[] Next { get; }
}
