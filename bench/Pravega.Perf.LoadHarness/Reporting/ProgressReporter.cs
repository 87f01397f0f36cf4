using System.Diagnostics;

namespace Pravega.Perf.LoadHarness.Reporting;

/// <summary>Prints one line per second while a load runs: rate of acks, MB/s, p99 of the last second, bytes in flight.</summary>
internal sealed class ProgressReporter
{
    private readonly ILoadProbe _probe;
    private readonly TextWriter _output;
    private readonly Func<string> _phase;

    public ProgressReporter(ILoadProbe probe, TextWriter output, Func<string> phase)
    {
        _probe = probe;
        _output = output;
        _phase = phase;
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        var started = Stopwatch.GetTimestamp();
        var last = started;
        var lastEvents = _probe.AckedEvents;
        var lastBytes = _probe.AckedPayloadBytes;
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                var now = Stopwatch.GetTimestamp();
                var seconds = Stopwatch.GetElapsedTime(last, now).TotalSeconds;
                var events = _probe.AckedEvents;
                var bytes = _probe.AckedPayloadBytes;
                var interval = _probe.Latency.TakeInterval();
                // Nothing acked since the last line (or since the warm-up's histogram was dropped): no p99 to show.
                var p99 = interval.Count == 0 ? "       -" : $"{interval.P99Ms,8:F2}";
                _output.WriteLine(
                    $"[{Stopwatch.GetElapsedTime(started, now).TotalSeconds,5:F0}s] {_phase(),-7} {(events - lastEvents) / seconds,12:N0} ev/s " +
                    $"{(bytes - lastBytes) / seconds / 1e6,9:F1} MB/s  p99 {p99} ms  in flight {_probe.InflightBytes / 1048576.0,7:F1} MiB");
                last = now;
                lastEvents = events;
                lastBytes = bytes;
            }
        }
        catch (OperationCanceledException)
        {
            // The run is over.
        }
    }
}
