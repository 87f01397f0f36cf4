namespace Pravega.Perf.SegmentStore.Cache;

/// <summary>
/// The cached bytes of one segment: a run of block slots covering <c>[StartOffset, end)</c> contiguously, slot
/// <c>i</c> for the offsets <c>[StartOffset + i × BlockSize, ...)</c>. A slot holds a cache block or is a hole: bytes
/// that were evicted (or never loaded) because they are in Tier-2. Appenders write past the committed length (not yet
/// visible); readers copy below it; truncation frees whole blocks below the start offset.
/// </summary>
/// <remarks>
/// Invariant kept with the storage writer: only blocks wholly below <see cref="EvictableBelow"/> (the segment's
/// storage length) are ever evicted, so every byte that is not yet in Tier-2 is cached.
/// </remarks>
internal sealed class SegmentReadIndex
{
    private const int Hole = -1;
    private readonly BlockCache _cache;
    private readonly Lock _lock = new();
    private readonly List<int> _blocks = [];
    private int _head;
    private long _baseOffset;
    private long _evictableBelow;
    private bool _freed;
    private int _prefetching;

    public SegmentReadIndex(BlockCache cache, long startOffset)
    {
        _cache = cache;
        _baseOffset = startOffset;
        cache.Evictor.Register(this);
    }

    /// <summary>The lowest offset the slots cover.</summary>
    public long StartOffset
    {
        get
        {
            lock (_lock)
            {
                return _baseOffset;
            }
        }
    }

    /// <summary>Cache blocks held (holes not counted).</summary>
    public int BlockCount
    {
        get
        {
            lock (_lock)
            {
                var n = 0;
                for (var i = _head; i < _blocks.Count; i++)
                {
                    n += _blocks[i] == Hole ? 0 : 1;
                }
                return n;
            }
        }
    }

    /// <summary>Bytes below this offset are in Tier-2: their blocks may be evicted.</summary>
    public long EvictableBelow
    {
        get
        {
            lock (_lock)
            {
                return _evictableBelow;
            }
        }
    }

    /// <summary>End of the last range fetched from Tier-2 for a reader (to recognise sequential readers).</summary>
    public long LastFetchEnd { get; set; } = -1;

    /// <summary>Makes room for the bytes up to <paramref name="endOffset"/>; false (nothing allocated) if the cache is full.</summary>
    public bool TryReserve(long endOffset)
    {
        lock (_lock)
        {
            var needed = (int)((endOffset - _baseOffset + _cache.BlockSize - 1) / _cache.BlockSize) - (_blocks.Count - _head);
            if (needed <= 0)
            {
                return true;
            }
            // May evict this index's own flushed blocks (the lock is re-entrant); that only turns slots into holes.
            Span<int> fresh = needed <= 64 ? stackalloc int[needed] : new int[needed];
            if (!_cache.TryAllocate(fresh))
            {
                return false;
            }
            foreach (var block in fresh)
            {
                _blocks.Add(block);
            }
            return true;
        }
    }

    /// <summary>Copies bytes in at <paramref name="offset"/>; the room must have been reserved.</summary>
    /// <param name="offset">Segment offset of the first byte.</param>
    /// <param name="data">The bytes.</param>
    /// <param name="skipEvicted">Recovery: a reserved block may have been evicted already when its bytes are below the
    /// storage length (in Tier-2); skip it rather than fail. Live appends never meet one (their bytes are not in Tier-2).</param>
    public void Write(long offset, ReadOnlySpan<byte> data, bool skipEvicted = false)
    {
        lock (_lock)
        {
            while (!data.IsEmpty)
            {
                var relative = offset - _baseOffset;
                var slot = _blocks[_head + (int)(relative / _cache.BlockSize)];
                var within = (int)(relative % _cache.BlockSize);
                var n = Math.Min(data.Length, _cache.BlockSize - within);
                if (slot == Hole)
                {
                    if (!skipEvicted || offset - within + _cache.BlockSize > _evictableBelow)
                    {
                        throw new InvalidOperationException($"Cache write at {offset} hits an evicted block.");
                    }
                    data = data[n..];
                    offset += n;
                    continue;
                }
                var block = _cache.Block(slot);
                data[..n].CopyTo(block[within..]);
                data = data[n..];
                offset += n;
            }
        }
    }

    /// <summary>
    /// Copies the cached bytes from <paramref name="offset"/> on, up to the first hole or the end of
    /// <paramref name="destination"/>; returns how many (0 when the first is not cached), or -1 when the index was
    /// freed (segment deleted or merged away meanwhile).
    /// </summary>
    public int ReadCached(long offset, Span<byte> destination)
    {
        lock (_lock)
        {
            if (_freed)
            {
                return -1;
            }
            if (offset < _baseOffset)
            {
                return 0;
            }
            var done = 0;
            while (done < destination.Length)
            {
                var relative = offset + done - _baseOffset;
                var index = _head + (int)(relative / _cache.BlockSize);
                if (index >= _blocks.Count || _blocks[index] == Hole)
                {
                    break;
                }
                _cache.Touch(_blocks[index]);
                var block = _cache.Block(_blocks[index]);
                var within = (int)(relative % _cache.BlockSize);
                var n = Math.Min(destination.Length - done, block.Length - within);
                block.Slice(within, n).CopyTo(destination[done..]);
                done += n;
            }
            return done;
        }
    }

    /// <summary>
    /// Puts bytes fetched from Tier-2 back into the cache: every hole wholly covered by
    /// <c>[offset, offset + data.Length)</c> gets a block (evicting older ones if needed); a range below the first
    /// slot extends the slots downwards. Best effort: without room nothing is cached.
    /// </summary>
    public void Fill(long offset, ReadOnlySpan<byte> data)
    {
        var end = offset + data.Length;
        int holes;
        lock (_lock)
        {
            if (_freed)
            {
                return;
            }
            ExtendDown(offset);
            holes = 0;
            foreach (var (index, _) in CoveredSlots(offset, end))
            {
                holes += _blocks[index] == Hole ? 1 : 0;
            }
        }
        if (holes == 0)
        {
            return;
        }
        var fresh = new int[holes];
        if (!_cache.TryAllocate(fresh))
        {
            return;
        }
        var used = 0;
        lock (_lock)
        {
            if (!_freed)
            {
                foreach (var (index, start) in CoveredSlots(offset, end))
                {
                    if (_blocks[index] == Hole && used < fresh.Length && start + _cache.BlockSize <= _evictableBelow)
                    {
                        var block = fresh[used++];
                        data.Slice((int)(start - offset), _cache.BlockSize).CopyTo(_cache.Block(block));
                        _blocks[index] = block;
                    }
                }
            }
        }
        for (var i = used; i < fresh.Length; i++)
        {
            _cache.Free(fresh[i]);
        }
    }

    /// <summary>True when every byte of <c>[offset, end)</c> is cached (nothing to fetch).</summary>
    public bool IsCached(long offset, long end)
    {
        lock (_lock)
        {
            if (_freed || offset < _baseOffset)
            {
                return false;
            }
            var size = _cache.BlockSize;
            var last = _head + (int)((end - 1 - _baseOffset) / size);
            for (var index = _head + (int)((offset - _baseOffset) / size); index <= last; index++)
            {
                if (index >= _blocks.Count || _blocks[index] == Hole)
                {
                    return false;
                }
            }
            return true;
        }
    }

    /// <summary>Claims the segment's read-ahead (one at a time); false when one is running.</summary>
    public bool TryBeginPrefetch() => Interlocked.CompareExchange(ref _prefetching, 1, 0) == 0;

    public void EndPrefetch() => Volatile.Write(ref _prefetching, 0);

    /// <summary>Bytes below <paramref name="storageLength"/> are in Tier-2 from now on.</summary>
    public void SetEvictableBelow(long storageLength)
    {
        lock (_lock)
        {
            _evictableBelow = Math.Max(_evictableBelow, storageLength);
        }
    }

    /// <summary>Frees every block that holds only bytes below <paramref name="offset"/>.</summary>
    public void TruncateBefore(long offset)
    {
        lock (_lock)
        {
            while (_head < _blocks.Count && _baseOffset + _cache.BlockSize <= offset)
            {
                if (_blocks[_head] != Hole)
                {
                    _cache.Free(_blocks[_head]);
                }
                _head++;
                _baseOffset += _cache.BlockSize;
            }
            if (_head == _blocks.Count && offset > _baseOffset)
            {
                // Nothing cached at or past the cut: start the next block exactly there.
                _baseOffset = offset;
            }
            if (_head > 64 && _head * 2 > _blocks.Count)
            {
                _blocks.RemoveRange(0, _head);
                _head = 0;
            }
        }
    }

    /// <summary>Returns every block to the cache (segment deleted, merged, or container stopped).</summary>
    public void Free()
    {
        lock (_lock)
        {
            if (_freed)
            {
                return;
            }
            _freed = true;
            for (var i = _head; i < _blocks.Count; i++)
            {
                if (_blocks[i] != Hole)
                {
                    _cache.Free(_blocks[i]);
                }
            }
            _blocks.Clear();
            _head = 0;
        }
        _cache.Evictor.Unregister(this);
    }

    /// <summary>Offers this index's evictable blocks to a reclaim; skipped when the index is busy.</summary>
    public void CollectEvictable(CacheEvictor evictor)
    {
        if (!_lock.TryEnter())
        {
            return;
        }
        try
        {
            if (_freed)
            {
                return;
            }
            for (var i = _head; i < _blocks.Count; i++)
            {
                var start = _baseOffset + (long)(i - _head) * _cache.BlockSize;
                if (start + _cache.BlockSize > _evictableBelow)
                {
                    break;
                }
                if (_blocks[i] != Hole)
                {
                    evictor.AddCandidate(this, start, _blocks[i]);
                }
            }
        }
        finally
        {
            _lock.Exit();
        }
    }

    /// <summary>Evicts the block at <paramref name="offset"/> if it is still <paramref name="block"/> and evictable.</summary>
    public bool TryEvict(long offset, int block)
    {
        if (!_lock.TryEnter())
        {
            return false;
        }
        try
        {
            var relative = offset - _baseOffset;
            if (_freed || relative < 0 || relative % _cache.BlockSize != 0 || offset + _cache.BlockSize > _evictableBelow)
            {
                return false;
            }
            var index = _head + (int)(relative / _cache.BlockSize);
            if (index >= _blocks.Count || _blocks[index] != block)
            {
                return false;
            }
            _blocks[index] = Hole;
            _cache.Free(block);
            return true;
        }
        finally
        {
            _lock.Exit();
        }
    }

    /// <summary>Adds hole slots below the first one so that a fetched range starting at <paramref name="offset"/> can be
    /// cached (whole blocks only; under the lock).</summary>
    private void ExtendDown(long offset)
    {
        var count = offset < _baseOffset ? (int)((_baseOffset - offset) / _cache.BlockSize) : 0;
        if (count == 0)
        {
            return;
        }
        if (_head < count)
        {
            _blocks.InsertRange(0, Enumerable.Repeat(Hole, count - _head));
            _head = count;
        }
        for (var i = _head - count; i < _head; i++)
        {
            _blocks[i] = Hole;
        }
        _head -= count;
        _baseOffset -= (long)count * _cache.BlockSize;
    }

    /// <summary>The slots (index, start offset) whose whole block lies in <c>[offset, end)</c>; under the lock.</summary>
    private IEnumerable<(int Index, long Start)> CoveredSlots(long offset, long end)
    {
        var size = _cache.BlockSize;
        var first = offset <= _baseOffset ? 0 : (int)((offset - _baseOffset + size - 1) / size);
        for (var slot = first; ; slot++)
        {
            var start = _baseOffset + (long)slot * size;
            var index = _head + slot;
            if (start + size > end || index >= _blocks.Count)
            {
                yield break;
            }
            yield return (index, start);
        }
    }
}
