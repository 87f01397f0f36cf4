using System.Diagnostics;
using HdrHistogram;

namespace Pravega.Perf.LoadHarness.Reporting;

/// <summary>Units per second and each unit's latency (Stopwatch ticks) of one closed-loop cell.</summary>
internal sealed record ClosedLoopCell(double Rate, LongHistogram Units);

/// <summary>
/// Closed-loop load: <c>callers</c> tasks each run a unit of work back to back, 1 s of warm-up (unit given no
/// histogram) then the measured duration, every unit's latency recorded. Shared by the <c>txn</c> and <c>kvt</c> verbs.
/// </summary>
internal static class ClosedLoop
{
    public static async Task<ClosedLoopCell> CellAsync(int callers, TimeSpan duration, Func<int, LongHistogram?, Task> unit, CancellationToken cancellationToken)
    {
        await LoopAsync(callers, TimeSpan.FromSeconds(1), unit, null, cancellationToken).ConfigureAwait(false);
        var histogram = new LongHistogram(TimeStamp.Seconds(60), 3);
        var clock = Stopwatch.StartNew();
        var count = await LoopAsync(callers, duration, unit, histogram, cancellationToken).ConfigureAwait(false);
        return new ClosedLoopCell(count / clock.Elapsed.TotalSeconds, histogram);
    }

    /// <summary>A percentile of a histogram of Stopwatch ticks, in milliseconds.</summary>
    public static string Ms(LongHistogram histogram, double percentile) =>
        (histogram.GetValueAtPercentile(percentile) * 1000.0 / Stopwatch.Frequency).ToString("F2");

    private static async Task<long> LoopAsync(int callers, TimeSpan duration, Func<int, LongHistogram?, Task> unit, LongHistogram? histogram,
        CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        long total = 0;
        await Task.WhenAll(Enumerable.Range(0, callers).Select(c => Task.Run(async () =>
        {
            var n = 0;
            while (Stopwatch.GetTimestamp() < deadline && !cancellationToken.IsCancellationRequested)
            {
                var start = Stopwatch.GetTimestamp();
                await unit(c, histogram).ConfigureAwait(false);
                n++;
                if (histogram is not null)
                {
                    lock (histogram)
                    {
                        histogram.RecordValue(Stopwatch.GetTimestamp() - start);
                    }
                }
            }
            Interlocked.Add(ref total, n);
        }, cancellationToken))).ConfigureAwait(false);
        return total;
    }
}
