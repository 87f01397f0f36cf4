using System.Threading.Tasks.Sources;

namespace Pravega.Perf.SegmentStore.Server.Connections;

/// <summary>
/// The FIFO between a connection's read loop (the only producer) and its ack loop (the only consumer). A growable
/// ring buffer under a lock plus a reusable wake-up signal: unlike a channel, whose queue segments are dropped and
/// re-allocated as a deep pipeline drains (and frozen by a peek), it allocates nothing once grown to the deepest
/// pipeline seen.
/// </summary>
internal sealed class PendingAppendQueue : IValueTaskSource<bool>
{
    private readonly Lock _lock = new();
    private PendingAppend[] _items = new PendingAppend[64];
    private ManualResetValueTaskSourceCore<bool> _signal = new() { RunContinuationsAsynchronously = true };
    private int _head;
    private int _count;
    private bool _completed;
    private bool _waiting;

    public void Enqueue(in PendingAppend item)
    {
        bool wake;
        lock (_lock)
        {
            if (_count == _items.Length)
            {
                Grow();
            }
            _items[(_head + _count) % _items.Length] = item;
            _count++;
            wake = _waiting;
            _waiting = false;
        }
        if (wake)
        {
            _signal.SetResult(true);
        }
    }

    public bool TryDequeue(out PendingAppend item)
    {
        lock (_lock)
        {
            if (_count == 0)
            {
                item = default;
                return false;
            }
            item = _items[_head];
            // Drop the references (session, completion source) so the slot does not keep them alive.
            _items[_head] = default;
            _head = (_head + 1) % _items.Length;
            _count--;
            return true;
        }
    }

    public bool TryPeek(out PendingAppend item)
    {
        lock (_lock)
        {
            item = _count == 0 ? default : _items[_head];
            return _count != 0;
        }
    }

    /// <summary>No more items will come; a waiting consumer wakes up with false once the queue is empty.</summary>
    public void Complete()
    {
        bool wake;
        lock (_lock)
        {
            _completed = true;
            wake = _waiting;
            _waiting = false;
        }
        if (wake)
        {
            _signal.SetResult(false);
        }
    }

    /// <summary>True when an item is there (at once if one is), false when completed and drained. One waiter at a time.</summary>
    public ValueTask<bool> WaitToReadAsync()
    {
        lock (_lock)
        {
            if (_count > 0)
            {
                return new ValueTask<bool>(true);
            }
            if (_completed)
            {
                return new ValueTask<bool>(false);
            }
            _signal.Reset();
            _waiting = true;
            return new ValueTask<bool>(this, _signal.Version);
        }
    }

    bool IValueTaskSource<bool>.GetResult(short token) => _signal.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource<bool>.GetStatus(short token) => _signal.GetStatus(token);

    void IValueTaskSource<bool>.OnCompleted(Action<object?> continuation, object? state, short token,
        ValueTaskSourceOnCompletedFlags flags) => _signal.OnCompleted(continuation, state, token, flags);

    private void Grow()
    {
        var larger = new PendingAppend[_items.Length * 2];
        for (var i = 0; i < _count; i++)
        {
            larger[i] = _items[(_head + i) % _items.Length];
        }
        _items = larger;
        _head = 0;
    }
}
