using Microsoft.Extensions.Logging;

namespace Pravega.Perf.Controller.Retention;

/// <summary>
/// Runs <see cref="RetentionService.RunOnceAsync"/> every <see cref="ControllerOptions.RetentionPeriod"/> (Pravega's
/// <c>controller.retention.frequency.minutes</c>, 30) on <see cref="TimeProvider"/>'s clock, until stopped. A failed
/// cycle is logged and the next one runs on time: retention is eventual by design.
/// </summary>
public sealed class RetentionJob(RetentionService service, TimeSpan period, TimeProvider time, ILogger<RetentionJob> logger) : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private Task _loop = Task.CompletedTask;
    private long _cycles;

    /// <summary>Completed cycles (tests wait on it instead of sleeping).</summary>
    public long Cycles => Interlocked.Read(ref _cycles);

    public void Start() => _loop = Task.Run(() => LoopAsync(_stop.Token));

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopped while waiting or mid-cycle; the truncate workflow it may have started is crash-safe.
        }
        _stop.Dispose();
    }

    private async Task LoopAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(period, time);
        while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
        {
            try
            {
                var truncated = await service.RunOnceAsync(cancellationToken).ConfigureAwait(false);
                RetentionLog.CycleFinished(logger, truncated);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                RetentionLog.CycleFailed(logger, e);
            }
            Interlocked.Increment(ref _cycles);
        }
    }
}
