using System.Diagnostics;
using System.Net;
using Pravega.Perf.Client.Segments;
using Pravega.Perf.Common.Naming;
using Pravega.Perf.LoadHarness.Reporting;

namespace Pravega.Perf.LoadHarness.Raw;

/// <summary>
/// One raw-protocol load against a segment store: connect, create the segments, open the sessions, warm up,
/// measure, stop sending, wait for every ack, and check that what was acknowledged is exactly what was sent.
/// </summary>
/// <remarks>
/// Sessions: max(writers, segments) of them; session j belongs to writer j mod W and writes segment j mod S, so
/// 16 writers on 1 segment share it, and 1 writer on 1,000 segments has 1,000 sessions. Each session has its own
/// writer id, as each segment writer of a Pravega client does. Writer w uses connection w mod C.
/// </remarks>
internal sealed class RawRun : ILoadProbe, IAsyncDisposable
{
    private readonly RawSettings _settings;
    private readonly RawRunState _run;
    private readonly TextWriter _progress;
    private readonly List<RawConnection> _connections = [];
    private string _phase = "setup";

    public RawRun(RawSettings settings, TextWriter progress)
    {
        settings.Validate();
        _settings = settings;
        _run = new RawRunState(settings);
        _progress = progress;
    }

    public long AckedEvents => _connections.Sum(c => c.AckedEvents);

    public long AckedPayloadBytes => _connections.Sum(c => c.AckedPayloadBytes);

    public long InflightBytes => _connections.Sum(c => c.InflightBytes);

    public LatencyRecorder Latency => _run.Latency;

    /// <param name="segmentStore">Where to connect.</param>
    /// <param name="settle">
    /// Called after one event per session was acknowledged and before the warm-up: waits until the store is done
    /// with the work that the first appends started (laying out WAL files), so the figures are of appends.
    /// </param>
    /// <param name="cancellationToken">Stops the run early; what was measured so far is still reported.</param>
    public async Task<RunResult> RunAsync(EndPoint segmentStore, Func<CancellationToken, Task> settle, CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _run.Abort.Token);
        using var cancelOnCtrlC = cancellationToken.Register(() => _run.Fail("cancelled"));
        var token = linked.Token;
        try
        {
            await SetUpAsync(segmentStore, token).ConfigureAwait(false);
            await Task.WhenAll(_connections.Select(c => c.PrimeAsync(token))).WaitAsync(TimeSpan.FromMinutes(2), token).ConfigureAwait(false);
            await settle(token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            _run.Fail(_run.Failure ?? $"setup failed: {e.Message}");
            return Result(0, 0, LatencySummary.Empty);
        }

        using var stopProgress = new CancellationTokenSource();
        var progress = new ProgressReporter(this, _progress, () => _phase).RunAsync(stopProgress.Token);
        var totalSessions = _settings.Sessions;
        _phase = _settings.Warmup > TimeSpan.Zero ? "warmup" : "measure";
        var senders = _connections
            .Select(c => Task.Run(() => c.SendLoopAsync(_settings.Rate * (double)c.Sessions.Count / totalSessions), CancellationToken.None))
            .ToList();

        long measuredEvents = 0;
        long measuredBytes = 0;
        double measuredSeconds = 0;
        try
        {
            if (_settings.Warmup > TimeSpan.Zero)
            {
                await Task.Delay(_settings.Warmup, token).ConfigureAwait(false);
            }
            _run.Latency.Reset();
            var startEvents = AckedEvents;
            var startBytes = AckedPayloadBytes;
            var started = Stopwatch.GetTimestamp();
            _phase = "measure";
            await Task.Delay(_settings.Duration, token).ConfigureAwait(false);
            _run.EndMeasurement();
            measuredSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
            measuredEvents = AckedEvents - startEvents;
            measuredBytes = AckedPayloadBytes - startBytes;
        }
        catch (OperationCanceledException)
        {
            // A failure (already recorded) or Ctrl+C: fall through to stop and report.
        }

        _phase = "drain";
        _run.Stop();
        foreach (var connection in _connections)
        {
            connection.Wake();
        }
        try
        {
            // A send blocked on a store that stopped reading would hang here; give it the drain time, then abort.
            await Task.WhenAll(senders).WaitAsync(_settings.DrainTimeout, CancellationToken.None).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            _run.Fail($"the send loops did not stop within {_settings.DrainTimeout.TotalSeconds:F0} s (the store stopped reading)");
            await Task.WhenAll(senders).ConfigureAwait(false);
        }
        await DrainAsync().ConfigureAwait(false);
        await stopProgress.CancelAsync().ConfigureAwait(false);
        await progress.ConfigureAwait(false);

        var latency = _run.Latency.Summarize();
        return Result(measuredSeconds, measuredEvents, latency, measuredBytes);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var connection in _connections)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }
        _run.Dispose();
    }

    private async Task SetUpAsync(EndPoint segmentStore, CancellationToken token)
    {
        for (var i = 0; i < _settings.Connections; i++)
        {
            var connection = new RawConnection(i, _run);
            _connections.Add(connection);
            await connection.ConnectAsync(segmentStore, token).ConfigureAwait(false);
        }
        // A stream name of its own per run, so runs against a long-lived segment store do not meet old segments.
        var stream = $"raw{Random.Shared.Next():x8}";
        var segments = Enumerable.Range(0, _settings.Segments)
            .Select(i => NameUtils.GetQualifiedStreamSegmentName("bench", stream, NameUtils.ComputeSegmentId(i, 0)))
            .ToArray();
        // Control requests go through the client's segment layer; the raw connections carry only the appends they measure.
        await using (var client = new SegmentStoreClient(new FixedEndpointResolver(segmentStore)))
        {
            await Task.WhenAll(segments.Select(s => client.CreateSegmentAsync(s, default, cancellationToken: token))).ConfigureAwait(false);
        }
        for (var j = 0; j < _settings.Sessions; j++)
        {
            var writer = j % _settings.Writers;
            var segment = j % _settings.Segments;
            _connections[writer % _settings.Connections].AddSession(writer, segment, segments[segment]);
        }
        await Task.WhenAll(_connections.Select(c => c.SetupAppendsAsync(token))).ConfigureAwait(false);
    }

    /// <summary>Waits until nothing is in flight, the drain timeout passes, or the run fails.</summary>
    private async Task DrainAsync()
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(_settings.DrainTimeout.TotalSeconds * Stopwatch.Frequency);
        while (_run.Failure is null && Stopwatch.GetTimestamp() < deadline && _connections.Any(c => c.Sessions.Any(s => s.LastAckedEventNumber < s.LastSentEventNumber)))
        {
            await Task.Delay(5).ConfigureAwait(false);
        }
    }

    private RunResult Result(double measuredSeconds, long measuredEvents, LatencySummary latency, long measuredBytes = 0)
    {
        long sent = 0;
        long acked = 0;
        var unbalanced = 0;
        foreach (var session in _connections.SelectMany(c => c.Sessions))
        {
            sent += session.SentEvents;
            acked += session.AckedEvents;
            if (session.AckedEvents != session.SentEvents || session.LastAckedEventNumber != session.LastSentEventNumber)
            {
                unbalanced++;
            }
        }
        var error = _run.Failure;
        if (error is null && unbalanced > 0)
        {
            error = $"{unbalanced} session(s) not fully acknowledged within {_settings.DrainTimeout.TotalSeconds:F0} s";
        }
        return new RunResult(
            _settings.Scenario,
            "raw",
            _settings.EventSize,
            _settings.Writers,
            _settings.Connections,
            _settings.Segments,
            _settings.Rate,
            measuredSeconds,
            measuredEvents,
            measuredSeconds > 0 ? measuredEvents / measuredSeconds : 0,
            measuredSeconds > 0 ? measuredBytes / measuredSeconds / 1e6 : 0,
            latency,
            sent,
            acked,
            Verified: error is null && sent == acked,
            Error: error);
    }
}
