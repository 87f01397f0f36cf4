using Microsoft.Extensions.Logging;
using Pravega.Perf.Controller.Watermarks;

namespace Pravega.Perf.Controller.Server;

/// <summary>
/// The background loop of the watermark job: a round every <see cref="ControllerOptions.WatermarkPeriod"/> on the
/// runtime's <see cref="TimeProvider"/>, until disposed. A failed round is logged and the next one runs on time.
/// </summary>
internal sealed partial class WatermarkLoop : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public WatermarkLoop(WatermarkService service, TimeSpan period, TimeProvider time, ILogger logger)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(period, TimeSpan.Zero, nameof(period));
        _loop = RunAsync(service, period, time, logger, _stop.Token);
    }

    private static async Task RunAsync(WatermarkService service, TimeSpan period, TimeProvider time, ILogger logger, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(period, time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                try
                {
                    await service.RunOnceAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    LogRoundFailed(logger, e);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        _stop.Dispose();
    }

    [LoggerMessage(310, LogLevel.Warning, "Watermark round failed; the next one runs on time")]
    private static partial void LogRoundFailed(ILogger logger, Exception exception);
}
