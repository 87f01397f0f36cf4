using System.Buffers;

namespace Pravega.Perf.SegmentStore.Cache;

/// <summary>
/// The cached bytes of one segment: a run of cache blocks covering <c>[StartOffset, end)</c> contiguously, block
/// <c>i</c> holding the offsets <c>[StartOffset + i × BlockSize, ...)</c>. Appenders write past the committed length
/// (not yet visible); readers copy below it; truncation frees whole blocks below the start offset.
/// </summary>
internal sealed class SegmentReadIndex
{
    private readonly BlockCache _cache;
    private readonly Lock _lock = new();
    private readonly List<int> _blocks = [];
    private int _head;
    private long _baseOffset;
    private bool _freed;

    public SegmentReadIndex(BlockCache cache, long startOffset)
    {
        _cache = cache;
        _baseOffset = startOffset;
    }

    /// <summary>The lowest offset still cached.</summary>
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

    public int BlockCount
    {
        get
        {
            lock (_lock)
            {
                return _blocks.Count - _head;
            }
        }
    }

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
    public void Write(long offset, ReadOnlySpan<byte> data)
    {
        lock (_lock)
        {
            while (!data.IsEmpty)
            {
                var relative = offset - _baseOffset;
                var block = _cache.Block(_blocks[_head + (int)(relative / _cache.BlockSize)]);
                var within = (int)(relative % _cache.BlockSize);
                var n = Math.Min(data.Length, block.Length - within);
                data[..n].CopyTo(block[within..]);
                data = data[n..];
                offset += n;
            }
        }
    }

    /// <summary>Copies bytes out; false if some of them are no longer cached (truncated or freed meanwhile).</summary>
    public bool TryRead(long offset, Span<byte> destination)
    {
        lock (_lock)
        {
            if (_freed || offset < _baseOffset)
            {
                return false;
            }
            while (!destination.IsEmpty)
            {
                var relative = offset - _baseOffset;
                var block = _cache.Block(_blocks[_head + (int)(relative / _cache.BlockSize)]);
                var within = (int)(relative % _cache.BlockSize);
                var n = Math.Min(destination.Length, block.Length - within);
                block.Slice(within, n).CopyTo(destination);
                destination = destination[n..];
                offset += n;
            }
            return true;
        }
    }

    /// <summary>Copies <paramref name="length"/> bytes from <paramref name="offset"/> of this index into
    /// <paramref name="target"/> at <paramref name="targetOffset"/> (a merge), in block-sized pieces.</summary>
    public void CopyTo(long offset, long length, SegmentReadIndex target, long targetOffset)
    {
        var chunk = ArrayPool<byte>.Shared.Rent(_cache.BlockSize);
        try
        {
            while (length > 0)
            {
                var n = (int)Math.Min(length, chunk.Length);
                if (!TryRead(offset, chunk.AsSpan(0, n)))
                {
                    throw new InvalidOperationException($"Merge source bytes at {offset} are no longer cached.");
                }
                target.Write(targetOffset, chunk.AsSpan(0, n));
                offset += n;
                targetOffset += n;
                length -= n;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
    }

    /// <summary>Frees every block that holds only bytes below <paramref name="offset"/>.</summary>
    public void TruncateBefore(long offset)
    {
        lock (_lock)
        {
            while (_head < _blocks.Count && _baseOffset + _cache.BlockSize <= offset)
            {
                _cache.Free(_blocks[_head++]);
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
                _cache.Free(_blocks[i]);
            }
            _blocks.Clear();
            _head = 0;
        }
    }
}
