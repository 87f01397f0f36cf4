using System.Collections.Concurrent;

namespace Pravega.Perf.SegmentStore.Server.Connections;

/// <summary>
/// Server-wide flow control on appends (reference §2.2): counts the append bytes accepted but not yet durable over
/// all connections and decides when a connection must stop reading its socket. A connection pauses when the total
/// reaches the all-connections limit or its own count reaches max(min(1 MiB, single), 2 × single − total); it
/// resumes as soon as neither holds.
/// </summary>
internal sealed class ConnectionTracker
{
    private const long MinConnectionLimit = 1L << 20;

    private readonly long _allLimit;
    private readonly long _singleLimit;
    private readonly ConcurrentDictionary<ConnectionFlowControl, byte> _paused = new();
    private long _total;

    public ConnectionTracker(long singleConnectionLimit, long allConnectionsLimit)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(singleConnectionLimit);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(allConnectionsLimit);
        _singleLimit = singleConnectionLimit;
        _allLimit = allConnectionsLimit;
    }

    /// <summary>Outstanding append bytes over all connections.</summary>
    public long TotalOutstanding => Volatile.Read(ref _total);

    public ConnectionFlowControl CreateFlowControl() => new(this);

    internal bool IsOverLimit(long connectionOutstanding)
    {
        var total = Volatile.Read(ref _total);
        return total >= _allLimit
            || connectionOutstanding >= Math.Max(Math.Min(MinConnectionLimit, _singleLimit), (2 * _singleLimit) - total);
    }

    internal void Add(long bytes) => Interlocked.Add(ref _total, bytes);

    internal void Release(long bytes)
    {
        Interlocked.Add(ref _total, -bytes);
        // Only connections paused on the global limit can be unblocked by another connection's release.
        if (!_paused.IsEmpty)
        {
            foreach (var flow in _paused.Keys)
            {
                flow.TryResume();
            }
        }
    }

    internal void MarkPaused(ConnectionFlowControl flow) => _paused.TryAdd(flow, 0);

    internal void MarkResumed(ConnectionFlowControl flow) => _paused.TryRemove(flow, out _);
}
