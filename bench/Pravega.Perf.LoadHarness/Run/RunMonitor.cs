using System.Diagnostics;

namespace Pravega.Perf.LoadHarness.Run;

/// <summary>
/// The live line, once a second on standard error (events/s, MB/s, average and maximum write latency of that second,
/// errors), and the per-second samples of the measured part of the run.
/// </summary>
internal sealed class RunMonitor
{
    private readonly RunRecorders _recorders;
    private readonly TextWriter _output;
    private readonly Func<(long Events, long Bytes, long Errors)> _counters;
    private readonly List<IntervalSample> _intervals = [];
    private volatile string _phase = "setup";
    private volatile bool _measuring;
    private Tuple<long, long, long, long>? _baseline;

    public RunMonitor(RunRecorders recorders, TextWriter output, Func<(long Events, long Bytes, long Errors)> counters)
    {
        _recorders = recorders;
        _output = output;
        _counters = counters;
    }

    /// <summary>The samples of the measured seconds; read once the monitor has stopped.</summary>
    public IReadOnlyList<IntervalSample> Intervals => _intervals;

    /// <summary>Names what the run is doing now; samples are kept only while <paramref name="measuring"/>.</summary>
    public void Enter(string phase, bool measuring)
    {
        // The counters may change meaning with the phase (acks, then reads): the next line counts from here.
        var (events, bytes, errors) = _counters();
        Volatile.Write(ref _baseline, Tuple.Create(Stopwatch.GetTimestamp(), events, bytes, errors));
        _phase = phase;
        _measuring = measuring;
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        var started = Stopwatch.GetTimestamp();
        var last = started;
        var (lastEvents, lastBytes, lastErrors) = _counters();
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                if (Interlocked.Exchange(ref _baseline, null) is { } baseline)
                {
                    (last, lastEvents, lastBytes, lastErrors) = baseline;
                }
                var now = Stopwatch.GetTimestamp();
                var seconds = Stopwatch.GetElapsedTime(last, now).TotalSeconds;
                var (events, bytes, errors) = _counters();
                var write = _recorders.Write.TakeInterval();
                var endToEnd = _recorders.EndToEnd.TakeInterval();
                var publish = _recorders.PublishDelay.TakeInterval();
                var eventsPerSecond = (events - lastEvents) / seconds;
                var mbPerSecond = (bytes - lastBytes) / seconds / 1e6;
                var latency = write.Count == 0 ? "write       -" : $"write avg {write.MeanMs,7:F2} max {write.MaxMs,8:F2} ms";
                var e2e = endToEnd.Count == 0 ? "" : $"  e2e p99 {endToEnd.P99Ms,8:F2} ms";
                _output.WriteLine($"[{Stopwatch.GetElapsedTime(started, now).TotalSeconds,4:F0}s] {_phase,-7} {eventsPerSecond,11:N0} ev/s {mbPerSecond,8:F2} MB/s  {latency}{e2e}  errors {errors - lastErrors}");
                if (_measuring)
                {
                    _intervals.Add(new IntervalSample(_intervals.Count + 1, eventsPerSecond, mbPerSecond, write.P50Ms, write.P99Ms, write.MaxMs,
                        errors - lastErrors, endToEnd.P99Ms, publish.P99Ms));
                }
                (last, lastEvents, lastBytes, lastErrors) = (now, events, bytes, errors);
            }
        }
        catch (OperationCanceledException)
        {
            // The run is over.
        }
    }
}
