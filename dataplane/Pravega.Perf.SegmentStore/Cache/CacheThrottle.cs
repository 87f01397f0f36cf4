namespace Pravega.Perf.SegmentStore.Cache;

/// <summary>
/// Holds new appends back while the cache is full of bytes that are not yet in Tier-2, instead of failing them.
/// </summary>
/// <remarks>
/// A cache block can only be evicted once its bytes are in Tier-2. When appends arrive faster than the storage
/// writers flush, the evictor runs out of candidates; without a throttle the next appends fail with
/// <c>CacheFullException</c> and the server closes their connections (the client reconnects and retransmits: load
/// shed by failing). Pravega throttles instead (its cache-utilisation throttler delays new operations), and so does
/// this: the evictor engages the throttle when little is evictable, the server stops reading appends from its
/// connections (the same back-pressure as flow control: TCP fills up, clients slow down) and waits on
/// <see cref="WaitForRoomAsync"/>, which reclaims what the storage writers flushed meanwhile until a margin of the
/// cache is free again. Only with Tier-2: without it nothing is ever evictable and a full cache is final, so appends
/// keep failing fast.
/// </remarks>
internal sealed class CacheThrottle
{
    /// <summary>How often a throttled cache looks for newly evictable blocks.</summary>
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(1);

    private readonly BlockCache _cache;
    private readonly Lock _lock = new();
    private volatile bool _engaged;
    private Task? _room;
    private long _episodes;

    public CacheThrottle(BlockCache cache)
    {
        _cache = cache;
        // Resume once 1/16 of the cache is free: twice the evictor's batch, so appends do not stop again at once.
        ResumeBlocks = Math.Max(1, cache.BlockCount / 16);
    }

    /// <summary>False (default): never engages, a full cache fails appends. The store turns it on with Tier-2.</summary>
    public bool Enabled { get; set; }

    /// <summary>True while new appends should wait.</summary>
    public bool IsEngaged => _engaged;

    /// <summary>How many times the throttle engaged since start.</summary>
    public long Episodes => Interlocked.Read(ref _episodes);

    /// <summary>Free blocks needed before appends go on.</summary>
    public int ResumeBlocks { get; }

    /// <summary>The evictor found little or nothing evictable: new appends should wait for the storage writers.</summary>
    public void Engage()
    {
        if (!Enabled || _engaged)
        {
            return;
        }
        lock (_lock)
        {
            if (!_engaged)
            {
                _engaged = true;
                _episodes++;
            }
        }
    }

    /// <summary>Completes when appends may go on: at once when the throttle is not engaged. Every waiter shares one
    /// polling task.</summary>
    public ValueTask WaitForRoomAsync(CancellationToken cancellationToken)
    {
        if (!_engaged)
        {
            return ValueTask.CompletedTask;
        }
        Task room;
        lock (_lock)
        {
            room = _room ??= PollUntilRoomAsync();
        }
        return new ValueTask(room.WaitAsync(cancellationToken));
    }

    private async Task PollUntilRoomAsync()
    {
        await Task.Yield(); // never poll on the caller's thread (a connection's read loop)
        while (true)
        {
            var free = _cache.FreeBlocks;
            if (free >= ResumeBlocks || (_cache.Evictor.Reclaim(ResumeBlocks) && _cache.FreeBlocks >= ResumeBlocks))
            {
                break;
            }
            _cache.NotifyStorageWriters(); // flush now: the appends wait for exactly that
            await Task.Delay(PollInterval).ConfigureAwait(false);
        }
        lock (_lock)
        {
            _engaged = false;
            _room = null;
        }
    }
}
