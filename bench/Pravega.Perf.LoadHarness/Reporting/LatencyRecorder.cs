using System.Diagnostics;
using HdrHistogram;

namespace Pravega.Perf.LoadHarness.Reporting;

/// <summary>
/// Per-event latencies from many receive loops into one HdrHistogram <see cref="Recorder"/> (lock-free, no
/// allocation per record), read by one thread as per-second intervals that also add up to the whole run.
/// </summary>
/// <remarks>Values are microseconds, from 1 µs to 10 minutes at 3 significant digits.</remarks>
internal sealed class LatencyRecorder
{
    private const long HighestMicros = 600_000_000;

    private static readonly double MicrosPerTick = 1_000_000.0 / Stopwatch.Frequency;

    private readonly Recorder _recorder = new(1, HighestMicros, 3, (id, low, high, digits) => new LongConcurrentHistogram(id, low, high, digits));
    private readonly LongHistogram _total = new(1, HighestMicros, 3);
    private readonly Lock _readLock = new();
    private HistogramBase? _interval;

    /// <summary>Records <paramref name="count"/> events that waited <paramref name="elapsedTicks"/> Stopwatch ticks.</summary>
    public void Record(long elapsedTicks, long count)
    {
        var micros = (long)(elapsedTicks * MicrosPerTick);
        _recorder.RecordValueWithCount(Math.Clamp(micros, 1, HighestMicros), count);
    }

    /// <summary>
    /// Percentiles of everything recorded since the last call, which is added to the run's total. The progress line
    /// and the run itself both read, so reads are serialized (once a second: no contention worth avoiding).
    /// </summary>
    public LatencySummary TakeInterval()
    {
        lock (_readLock)
        {
            return LatencySummary.From(TakeIntervalLocked());
        }
    }

    /// <summary>Drops everything recorded so far (the end of the warm-up).</summary>
    public void Reset()
    {
        lock (_readLock)
        {
            TakeIntervalLocked();
            _total.Reset();
        }
    }

    /// <summary>The whole run since the last <see cref="Reset"/>.</summary>
    public LatencySummary Summarize()
    {
        lock (_readLock)
        {
            TakeIntervalLocked();
            return LatencySummary.From(_total);
        }
    }

    private HistogramBase TakeIntervalLocked()
    {
        _interval = _interval is null ? _recorder.GetIntervalHistogram() : _recorder.GetIntervalHistogram(_interval);
        _total.Add(_interval);
        return _interval;
    }
}
