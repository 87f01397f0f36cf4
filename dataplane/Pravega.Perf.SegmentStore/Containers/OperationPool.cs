namespace Pravega.Perf.SegmentStore.Containers;

/// <summary>
/// The pool of <see cref="PendingOperation"/>s of one container. A stack under a small lock: unlike a
/// ConcurrentQueue, whose segments are dropped and re-allocated as the queue advances, it allocates nothing once
/// it has grown to the number of operations in flight.
/// </summary>
internal sealed class OperationPool
{
    private readonly Lock _lock = new();
    private readonly Stack<PendingOperation> _free = new();
    private readonly bool _inlineContinuations;

    public OperationPool(bool inlineContinuations)
    {
        _inlineContinuations = inlineContinuations;
    }

    public PendingOperation Rent()
    {
        lock (_lock)
        {
            if (_free.TryPop(out var operation))
            {
                return operation;
            }
        }
        return new PendingOperation(this, _inlineContinuations);
    }

    public void Return(PendingOperation operation)
    {
        lock (_lock)
        {
            _free.Push(operation);
        }
    }
}
