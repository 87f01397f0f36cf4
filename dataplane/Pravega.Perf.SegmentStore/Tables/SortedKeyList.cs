namespace Pravega.Perf.SegmentStore.Tables;

/// <summary>
/// The index's keys in iteration order (key hash then key bytes for the hash layout, key bytes for the
/// fixed-key-length layout), as a skip list: insert, remove and "first key after a position" in O(log n), so a page
/// of an iteration costs O(log n + page) however large the table. (<see cref="SortedSet{T}.GetViewBetween"/> counts
/// its whole range on creation, which makes every page O(n).) Not thread-safe: the owner locks.
/// </summary>
internal sealed class SortedKeyList
{
    private const int MaxLevel = 24;

    private readonly IndexEntry _head = new([], default, MaxLevel);
    private readonly IndexEntry?[] _update = new IndexEntry?[MaxLevel];
    private ulong _random = 0x9E3779B97F4A7C15;
    private int _level = 1;

    /// <summary>A level for a new node: 1 + geometric(1/4), from a deterministic generator.</summary>
    public int NextLevel()
    {
        _random ^= _random << 13;
        _random ^= _random >> 7;
        _random ^= _random << 17;
        var bits = _random;
        var level = 1;
        while (level < MaxLevel && (bits & 3) == 0)
        {
            level++;
            bits >>= 2;
        }
        return level;
    }

    /// <summary>Inserts an entry whose position is not in the list yet.</summary>
    public void Add(IndexEntry entry)
    {
        var node = _head;
        for (var i = _level - 1; i >= 0; i--)
        {
            while (node.Next[i] is { } next && Compare(next, entry.Hash, entry.Key) < 0)
            {
                node = next;
            }
            _update[i] = node;
        }
        var level = entry.Next.Length;
        for (var i = _level; i < level; i++)
        {
            _update[i] = _head;
        }
        _level = Math.Max(_level, level);
        for (var i = 0; i < level; i++)
        {
            entry.Next[i] = _update[i]!.Next[i];
            _update[i]!.Next[i] = entry;
        }
        Array.Clear(_update);
    }

    /// <summary>Unlinks an entry that is in the list.</summary>
    public void Remove(IndexEntry entry)
    {
        var node = _head;
        for (var i = _level - 1; i >= 0; i--)
        {
            while (node.Next[i] is { } next && !ReferenceEquals(next, entry) && Compare(next, entry.Hash, entry.Key) < 0)
            {
                node = next;
            }
            if (ReferenceEquals(node.Next[i], entry))
            {
                node.Next[i] = entry.Next[i];
            }
        }
        while (_level > 1 && _head.Next[_level - 1] is null)
        {
            _level--;
        }
        Array.Clear(entry.Next);
    }

    /// <summary>The first entry at or after (<paramref name="inclusive"/>) or strictly after a position; null if none.</summary>
    public IndexEntry? First(KeyHash hash, ReadOnlySpan<byte> key, bool inclusive)
    {
        var node = _head;
        for (var i = _level - 1; i >= 0; i--)
        {
            while (node.Next[i] is { } next && (inclusive ? Compare(next, hash, key) < 0 : Compare(next, hash, key) <= 0))
            {
                node = next;
            }
        }
        return node.Next[0];
    }

    /// <summary>The first entry of all; null if empty.</summary>
    public IndexEntry? First() => _head.Next[0];

    public static int Compare(IndexEntry entry, KeyHash hash, ReadOnlySpan<byte> key)
    {
        var c = entry.Hash.CompareTo(hash);
        return c != 0 ? c : entry.Key.AsSpan().SequenceCompareTo(key);
    }
}
