namespace Pravega.Perf.LoadHarness.Drivers.Peers;

/// <summary>
/// Bounds a producer's unacknowledged sends, as a client library's async publish window does (JetStream's reference
/// figure in issue 16 used 256 outstanding). <see cref="EnterAsync"/> is the back-pressure the harness's outer
/// <c>SendAsync</c> value waits on; <see cref="DrainAsync"/> waits until nothing is outstanding.
/// </summary>
public sealed class OutstandingWindow : IDisposable
{
    private readonly SemaphoreSlim _slots;
    private readonly int _size;

    public OutstandingWindow(int size)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        _size = size;
        _slots = new SemaphoreSlim(size, size);
    }

    /// <summary>Completes when a send may start (fewer than the window's size outstanding).</summary>
    public ValueTask EnterAsync(CancellationToken cancellationToken) =>
        _slots.Wait(0, CancellationToken.None) ? ValueTask.CompletedTask : new ValueTask(_slots.WaitAsync(cancellationToken));

    /// <summary>Frees the slot of one acknowledged (or failed) send.</summary>
    public void Exit() => _slots.Release();

    /// <summary>Completes when every send entered so far has exited: takes all slots, then gives them back.</summary>
    public async Task DrainAsync(CancellationToken cancellationToken)
    {
        var taken = 0;
        try
        {
            for (; taken < _size; taken++)
            {
                await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            if (taken > 0)
            {
                _slots.Release(taken);
            }
        }
    }

    public void Dispose() => _slots.Dispose();
}
