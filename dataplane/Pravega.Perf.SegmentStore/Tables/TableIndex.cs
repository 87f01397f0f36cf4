namespace Pravega.Perf.SegmentStore.Tables;

/// <summary>
/// The in-memory index of one table segment: key → <see cref="IndexEntry"/> (offset, version, length of the key's
/// latest entry), the keys in iteration order, and the live bytes (the sum of the live entries' lengths, for the
/// compaction decision). Not thread-safe: <see cref="TableSegment"/> locks around it.
/// </summary>
internal sealed class TableIndex
{
    private readonly Dictionary<byte[], IndexEntry> _byKey = new(KeyComparer.Instance);
    private readonly Dictionary<byte[], IndexEntry>.AlternateLookup<ReadOnlySpan<byte>> _lookup;
    private readonly SortedKeyList _sorted = new();
    private readonly bool _hashLayout;

    public TableIndex(bool hashLayout)
    {
        _hashLayout = hashLayout;
        _lookup = _byKey.GetAlternateLookup<ReadOnlySpan<byte>>();
    }

    public int Count => _byKey.Count;

    public long LiveBytes { get; private set; }

    public bool IsHashLayout => _hashLayout;

    public bool TryGet(ReadOnlySpan<byte> key, out IndexEntry entry) => _lookup.TryGetValue(key, out entry!);

    /// <summary>The key's current version, or -1 (<c>NOT_EXISTS</c>) if it has no value.</summary>
    public long VersionOf(ReadOnlySpan<byte> key) => _lookup.TryGetValue(key, out var entry) ? entry.Version : -1;

    /// <summary>Points the key at a new entry (an update, or a compaction copy).</summary>
    public void Put(ReadOnlySpan<byte> key, long offset, long version, int length)
    {
        if (!_lookup.TryGetValue(key, out var entry))
        {
            var copy = key.ToArray();
            entry = new IndexEntry(copy, _hashLayout ? KeyHash.Compute(copy) : default, _sorted.NextLevel());
            _byKey.Add(copy, entry);
            _sorted.Add(entry);
        }
        else
        {
            LiveBytes -= entry.Length;
        }
        entry.Offset = offset;
        entry.Version = version;
        entry.Length = length;
        LiveBytes += length;
    }

    public void Remove(ReadOnlySpan<byte> key)
    {
        if (_lookup.Remove(key, out _, out var entry))
        {
            _sorted.Remove(entry);
            LiveBytes -= entry.Length;
        }
    }

    /// <summary>Drops every key whose entry lies below <paramref name="startOffset"/> (stale snapshot entries: their
    /// data was compacted away, and any live copy lies in the tail that is scanned after loading).</summary>
    public void DropBelow(long startOffset)
    {
        List<byte[]>? stale = null;
        foreach (var (key, entry) in _byKey)
        {
            if (entry.Offset < startOffset)
            {
                (stale ??= []).Add(key);
            }
        }
        foreach (var key in stale ?? [])
        {
            Remove(key);
        }
    }

    /// <summary>The first key at or after (or strictly after) a position in iteration order.</summary>
    public IndexEntry? First(KeyHash hash, ReadOnlySpan<byte> key, bool inclusive) => _sorted.First(hash, key, inclusive);

    public IndexEntry? First() => _sorted.First();

    /// <summary>All entries, in no particular order (for snapshots).</summary>
    public IEnumerable<IndexEntry> Entries => _byKey.Values;
}
