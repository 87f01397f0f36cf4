namespace Pravega.Perf.Client.Segments;

/// <summary>
/// One segment writer's <c>SETUP_APPEND</c> on one shared <see cref="AppendConnection"/>, from the set-up until it
/// ends: an error reply for it, the connection closing, or the writer leaving. A writer whose session ended sets up a
/// new one (on the same connection if it is still open) and resends what is unacknowledged.
/// </summary>
internal sealed class AppendSession(AppendConnection connection, SegmentWriter writer, long requestId)
{
    private readonly TaskCompletionSource<long?> _setUp = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>1 while the session waits in its connection's send queue (so it is queued once however often woken).</summary>
    internal int SendQueued;

    public AppendConnection Connection { get; } = connection;

    public SegmentWriter Writer { get; } = writer;

    /// <summary>The request id of the set-up and of every block sent in this session: error replies name it.</summary>
    public long RequestId { get; } = requestId;

    /// <summary>The store's last event number for the writer (<c>APPEND_SETUP</c>), or null if the session ended first.</summary>
    public Task<long?> SetUp => _setUp.Task;

    /// <summary>Completes when the session has ended.</summary>
    public Task Ended => _ended.Task;

    public bool IsEnded => _ended.Task.IsCompleted;

    public void CompleteSetUp(long lastEventNumber) => _setUp.TrySetResult(lastEventNumber);

    public void End()
    {
        _setUp.TrySetResult(null);
        _ended.TrySetResult();
    }
}
