namespace Pravega.Perf.SegmentStore.Cache;

/// <summary>
/// Frees cache blocks whose bytes are already in Tier-2, least recently used first. Every read index registers here;
/// when the free list runs dry, <see cref="Reclaim"/> collects the evictable blocks of all of them (only blocks that lie
/// wholly below their segment's storage length), sorts them by the generation they were last used in, and frees the
/// oldest batch. Each reclaim starts a new generation (Pravega's cache manager works in generations too, §4.4).
/// </summary>
/// <remarks>
/// Deadlock freedom: a reclaim runs on an allocating thread that may hold its own read index's lock and its
/// container's locks, so it only ever <em>tries</em> other indices' locks (a busy index is skipped this round) and
/// never holds the registry lock while touching an index.
/// </remarks>
internal sealed class CacheEvictor
{
    private readonly BlockCache _cache;
    private readonly Lock _registryLock = new();
    private readonly Lock _reclaimLock = new();
    private readonly HashSet<SegmentReadIndex> _indices = new(ReferenceEqualityComparer.Instance);
    private SegmentReadIndex[] _snapshot = new SegmentReadIndex[16];
    private Candidate[] _candidates = new Candidate[256];
    private long[] _keys = new long[256];
    private int _candidateCount;
    private long _generation;
    private long _evictedBlocks;

    public CacheEvictor(BlockCache cache)
    {
        _cache = cache;
    }

    /// <summary>The current generation: blocks used now carry it.</summary>
    public long Generation => Volatile.Read(ref _generation);

    /// <summary>Blocks evicted so far.</summary>
    public long EvictedBlocks => Interlocked.Read(ref _evictedBlocks);

    /// <summary>Starts a new generation: blocks used from now on count as newer than those used before. Each reclaim
    /// does this, and so does each storage writer pass that flushed something (a clock that ticks with the load).</summary>
    public void AdvanceGeneration() => Interlocked.Increment(ref _generation);

    public void Register(SegmentReadIndex index)
    {
        lock (_registryLock)
        {
            _indices.Add(index);
        }
    }

    public void Unregister(SegmentReadIndex index)
    {
        lock (_registryLock)
        {
            _indices.Remove(index);
        }
    }

    /// <summary>Frees at least <paramref name="needed"/> blocks if it can (a batch of about 1/32 of the cache, so the
    /// scan is amortised over many allocations); false when nothing was evictable.</summary>
    public bool Reclaim(int needed)
    {
        lock (_reclaimLock)
        {
            if (_cache.FreeBlocks >= needed)
            {
                return true; // another thread reclaimed while this one waited
            }
            int count;
            lock (_registryLock)
            {
                count = _indices.Count;
                if (_snapshot.Length < count)
                {
                    _snapshot = new SegmentReadIndex[Math.Max(count, _snapshot.Length * 2)];
                }
                _indices.CopyTo(_snapshot);
            }
            _candidateCount = 0;
            for (var i = 0; i < count; i++)
            {
                _snapshot[i].CollectEvictable(this);
            }
            var freed = 0;
            var target = Math.Max(needed, Math.Max(16, _cache.BlockCount / 32));
            if (_candidateCount < target)
            {
                // Little is left to evict: unflushed data is filling the cache. Tell the storage writers before the
                // appends start failing.
                _cache.RaisePressure();
            }
            if (_candidateCount > 0)
            {
                Array.Sort(_keys, _candidates, 0, _candidateCount);
                for (var i = 0; i < _candidateCount && freed < target; i++)
                {
                    ref readonly var c = ref _candidates[i];
                    if (c.Index.TryEvict(c.Offset, c.Block))
                    {
                        freed++;
                    }
                }
            }
            Array.Clear(_candidates, 0, _candidateCount);
            Array.Clear(_snapshot, 0, count);
            Interlocked.Increment(ref _generation);
            Interlocked.Add(ref _evictedBlocks, freed);
            return freed > 0;
        }
    }

    /// <summary>Called back by <see cref="SegmentReadIndex.CollectEvictable"/> during a reclaim.</summary>
    public void AddCandidate(SegmentReadIndex index, long offset, int block)
    {
        if (_candidateCount == _candidates.Length)
        {
            Array.Resize(ref _candidates, _candidates.Length * 2);
            Array.Resize(ref _keys, _keys.Length * 2);
        }
        _keys[_candidateCount] = _cache.Stamp(block);
        _candidates[_candidateCount++] = new Candidate(index, offset, block);
    }

    private readonly record struct Candidate(SegmentReadIndex Index, long Offset, int Block);
}
