using System.Runtime.InteropServices;

namespace Pravega.Perf.SegmentStore.Cache;

/// <summary>
/// The cache memory: one native allocation cut into fixed-size blocks, handed out from a free list. Shared by the
/// containers of a store. Untouched blocks cost no physical memory (the allocation is lazily backed by the OS).
/// </summary>
/// <remarks>
/// When no block is free, the <see cref="Evictor"/> frees the least recently used blocks whose bytes are already in
/// Tier-2. If none are, the allocation fails (the caller turns that into <c>CacheFullException</c> before anything is
/// logged: nothing half-applied), <see cref="Pressure"/> tells the storage writers to flush now and the
/// <see cref="Throttle"/> holds new appends back until they have (with Tier-2).
/// </remarks>
internal sealed unsafe class BlockCache : IDisposable
{
    private readonly Lock _lock = new();
    private readonly int[] _free;
    private readonly long[] _stamps;
    private byte* _memory;
    private int _freeCount;

    public BlockCache(long capacityBytes, int blockSize)
    {
        if (blockSize < 512 || (blockSize & (blockSize - 1)) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(blockSize), blockSize, "Must be a power of two of at least 512.");
        }
        BlockSize = blockSize;
        BlockCount = (int)Math.Max(1, capacityBytes / blockSize);
        _memory = (byte*)NativeMemory.Alloc((nuint)BlockCount * (nuint)blockSize);
        _free = new int[BlockCount];
        _stamps = new long[BlockCount];
        // Hand out low blocks first so a small workload touches little memory.
        for (var i = 0; i < BlockCount; i++)
        {
            _free[i] = BlockCount - 1 - i;
        }
        _freeCount = BlockCount;
        Evictor = new CacheEvictor(this);
        Throttle = new CacheThrottle(this);
    }

    public int BlockSize { get; }

    public int BlockCount { get; }

    public CacheEvictor Evictor { get; }

    /// <summary>Below this many free blocks an allocation reclaims ahead of need (one eviction batch, 1/32 of the cache).</summary>
    public int LowWaterBlocks => Math.Max(1, BlockCount / 32);

    /// <summary>Holds appends back while the cache is full of unflushed bytes (enabled with Tier-2).</summary>
    public CacheThrottle Throttle { get; }

    public int FreeBlocks
    {
        get
        {
            lock (_lock)
            {
                return _freeCount;
            }
        }
    }

    /// <summary>Raised (on the allocating thread) when little or nothing was evictable: the storage writers should flush
    /// now.</summary>
    public event Action? Pressure;

    /// <summary>Takes <paramref name="destination"/>.Length blocks, all or none, evicting flushed blocks if needed.</summary>
    public bool TryAllocate(Span<int> destination)
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            if (TryTake(destination, out var low))
            {
                if (low && Throttle.Enabled)
                {
                    // Reclaim a batch ahead of need: if little is evictable the evictor engages the throttle while a
                    // margin is still free, so the appends already on their way find room instead of failing. (Without
                    // Tier-2 nothing is evictable: no point scanning.)
                    Evictor.Reclaim(LowWaterBlocks * 2);
                }
                return true;
            }
            if (!Evictor.Reclaim(destination.Length))
            {
                break;
            }
        }
        RaisePressure();
        return false;
    }

    /// <summary>Little or nothing was evictable: engage the append throttle and tell the storage writers.</summary>
    public void RaisePressure()
    {
        Throttle.Engage();
        NotifyStorageWriters();
    }

    /// <summary>Asks the storage writers to flush now (raises <see cref="Pressure"/>).</summary>
    public void NotifyStorageWriters() => Pressure?.Invoke();

    private bool TryTake(Span<int> destination, out bool low)
    {
        lock (_lock)
        {
            low = false;
            if (_freeCount < destination.Length)
            {
                return false;
            }
            for (var i = 0; i < destination.Length; i++)
            {
                var block = _free[--_freeCount];
                _stamps[block] = Evictor.Generation;
                destination[i] = block;
            }
            low = _freeCount < LowWaterBlocks;
            return true;
        }
    }

    public void Free(int block)
    {
        lock (_lock)
        {
            _free[_freeCount++] = block;
        }
    }

    /// <summary>Marks a block as used now (for least-recently-used eviction). A plain store: a lost race only ages
    /// the block a generation early.</summary>
    public void Touch(int block) => _stamps[block] = Evictor.Generation;

    public long Stamp(int block) => _stamps[block];

    public Span<byte> Block(int block) => new(_memory + ((long)block * BlockSize), BlockSize);

    /// <summary>
    /// Writes one byte of every page so the OS backs the whole cache now. An append that lands in a never-touched
    /// page pays a page fault and the kernel zeroing that page inside the copy (profiled on this machine: first
    /// touch ran at 1.6 GB/s against 12 GB/s for a second pass, and took a quarter of the server's CPU under a
    /// 1 KiB append load), so a store that owns the machine's memory pays it once at start instead.
    /// </summary>
    public void PreTouch()
    {
        const int PageSize = 4096;
        var total = (long)BlockCount * BlockSize;
        for (long offset = 0; offset < total; offset += PageSize)
        {
            _memory[offset] = 0;
        }
    }

    public void Dispose()
    {
        if (_memory is not null)
        {
            NativeMemory.Free(_memory);
            _memory = null;
        }
    }
}
