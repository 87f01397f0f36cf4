using System.Threading.Tasks.Sources;

namespace Pravega.Perf.SegmentStore.Containers;

/// <summary>
/// The completion of one accepted operation, pooled per container so an append allocates nothing. Its result (the
/// segment length after the operation) is known at validation and handed out once the operation's frame is
/// durable. Continuations run inline on the container's commit thread: the caller's continuation must be short
/// and must not block (the server's is: write an ack).
/// </summary>
internal sealed class PendingOperation : IValueTaskSource<long>
{
    private readonly OperationPool _pool;
    private ManualResetValueTaskSourceCore<long> _core;

    public PendingOperation(OperationPool pool, bool inlineContinuations)
    {
        _pool = pool;
        _core.RunContinuationsAsynchronously = !inlineContinuations;
    }

    /// <summary>The value the awaiter gets on success.</summary>
    public long Result { get; set; }

    public ValueTask<long> Task => new(this, _core.Version);

    public void Complete() => _core.SetResult(Result);

    public void Fail(Exception error) => _core.SetException(error);

    public long GetResult(short token)
    {
        try
        {
            return _core.GetResult(token);
        }
        finally
        {
            var asynchronous = _core.RunContinuationsAsynchronously;
            _core.Reset();
            _core.RunContinuationsAsynchronously = asynchronous;
            _pool.Return(this);
        }
    }

    public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

    public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);
}
