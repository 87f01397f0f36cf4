namespace Pravega.Perf.SegmentStore.Server.Connections;

/// <summary>
/// One connection's share of <see cref="ConnectionTracker"/>: its outstanding append bytes, and the signal its read
/// loop waits on while paused. <see cref="Acquire"/> is called by the read loop, <see cref="Release"/> by the ack loop.
/// </summary>
internal sealed class ConnectionFlowControl
{
    private readonly ConnectionTracker _tracker;
    private readonly Lock _lock = new();
    private long _outstanding;
    private TaskCompletionSource? _resume;
    private bool _closed;

    internal ConnectionFlowControl(ConnectionTracker tracker)
    {
        _tracker = tracker;
    }

    public long Outstanding => Volatile.Read(ref _outstanding);

    /// <summary>True when the read loop should stop reading after the request it just handled.</summary>
    public bool ShouldPause => _tracker.IsOverLimit(Outstanding);

    public void Acquire(long bytes)
    {
        Interlocked.Add(ref _outstanding, bytes);
        _tracker.Add(bytes);
    }

    public void Release(long bytes)
    {
        Interlocked.Add(ref _outstanding, -bytes);
        _tracker.Release(bytes);
        TryResume();
    }

    /// <summary>Completes when reading may go on; at once if it may already. Allocates only when it really pauses.</summary>
    public Task WaitUntilResumedAsync()
    {
        lock (_lock)
        {
            if (_closed || !ShouldPause)
            {
                return Task.CompletedTask;
            }
            _resume ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _tracker.MarkPaused(this);
            return _resume.Task;
        }
    }

    internal void TryResume()
    {
        // No lock-free "nobody is paused" shortcut: the read loop decides to pause (ShouldPause, then _resume) under
        // _lock, and a release landing between those two steps would see no _resume, skip the wake-up, and leave the
        // loop paused for good once nothing else is outstanding (a lost wake-up seen as a rare hang under load).
        TaskCompletionSource? resume;
        lock (_lock)
        {
            if (_resume is null || (!_closed && ShouldPause))
            {
                return;
            }
            resume = _resume;
            _resume = null;
            _tracker.MarkResumed(this);
        }
        resume.TrySetResult();
    }

    /// <summary>Releases a paused read loop for good (the connection is closing).</summary>
    public void Close()
    {
        lock (_lock)
        {
            _closed = true;
        }
        TryResume();
    }
}
