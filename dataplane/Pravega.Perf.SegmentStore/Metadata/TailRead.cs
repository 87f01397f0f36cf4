namespace Pravega.Perf.SegmentStore.Metadata;

/// <summary>A read parked at a segment's tail until the next commit touches the segment (append, seal, delete) or
/// the container stops.</summary>
internal sealed class TailRead
{
    private readonly TaskCompletionSource<TailReadOutcome> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<TailReadOutcome> Task => _completion.Task;

    public void Wake(TailReadOutcome outcome) => _completion.TrySetResult(outcome);

    public void Cancel(CancellationToken token) => _completion.TrySetCanceled(token);
}
