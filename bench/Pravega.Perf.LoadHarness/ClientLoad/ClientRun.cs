using System.Diagnostics;
using Pravega.Perf.Client;
using Pravega.Perf.Client.Admin;
using Pravega.Perf.Client.Streams;
using Pravega.Perf.Client.Writers;
using Pravega.Perf.Common.Hashing;
using Pravega.Perf.LoadHarness.Raw;
using Pravega.Perf.LoadHarness.Reporting;

namespace Pravega.Perf.LoadHarness.ClientLoad;

/// <summary>
/// The <c>raw</c> load through the client library instead of hand-built frames: a stream of <c>Segments</c> fixed
/// segments, <c>Writers</c> <see cref="EventStreamWriter{T}"/>s of byte arrays, each writing routing keys chosen to land
/// on its share of the segments (writer w writes segments j with j mod W = w, as raw's sessions do), durable acks.
/// </summary>
internal sealed class ClientRun : ILoadProbe
{
    private readonly RawSettings _settings;
    private readonly TextWriter _progress;
    private readonly LatencyRecorder _latency = new();
    private readonly List<ClientWriterLoop> _loops = [];
    private string _phase = "setup";

    public ClientRun(RawSettings settings, TextWriter progress)
    {
        settings.Validate();
        _settings = settings;
        _progress = progress;
    }

    public long AckedEvents => _loops.Sum(l => l.Acked);

    public long AckedPayloadBytes => AckedEvents * _settings.EventSize;

    public long InflightBytes => _loops.Sum(l => l.Sent - l.Acked) * (_settings.EventSize + 8);

    public LatencyRecorder Latency => _latency;

    public async Task<RunResult> RunAsync(Uri controller, CancellationToken cancellationToken)
    {
        var config = new ClientConfig { ControllerUri = controller };
        var stream = new ScopedStream("bench", $"client{Random.Shared.Next():x8}");
        await using (var streams = new StreamManager(config))
        {
            await streams.CreateScopeAsync(stream.Scope, cancellationToken).ConfigureAwait(false);
            await streams.CreateStreamAsync(stream.Scope, stream.Name, new StreamConfiguration { Scaling = ScalingPolicy.Fixed(_settings.Segments) }, cancellationToken).ConfigureAwait(false);
        }
        var keys = KeysPerSegment(_settings.Segments);
        var writers = new List<EventStreamWriter<byte[]>>();
        try
        {
            for (var w = 0; w < _settings.Writers; w++)
            {
                var writer = await EventStreamWriter<byte[]>.CreateAsync(config, stream, new ByteArraySerializer(), cancellationToken).ConfigureAwait(false);
                writers.Add(writer);
                var mine = Enumerable.Range(0, _settings.Sessions).Where(j => j % _settings.Writers == w).Select(j => keys[j % _settings.Segments]).ToArray();
                _loops.Add(new ClientWriterLoop(writer, mine, _settings.EventSize, _settings.InflightBytes, _latency));
            }
            return await MeasureAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            foreach (var writer in writers)
            {
                await writer.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private async Task<RunResult> MeasureAsync(CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var stopProgress = new CancellationTokenSource();
        var progress = new ProgressReporter(this, _progress, () => _phase).RunAsync(stopProgress.Token);
        _phase = _settings.Warmup > TimeSpan.Zero ? "warmup" : "measure";
        var running = _loops.Select(l => Task.Run(() => l.RunAsync(stop.Token), CancellationToken.None)).ToList();
        long measuredEvents = 0;
        double measuredSeconds = 0;
        try
        {
            await Task.Delay(_settings.Warmup, cancellationToken).ConfigureAwait(false);
            _latency.Reset();
            var startEvents = AckedEvents;
            var started = Stopwatch.GetTimestamp();
            _phase = "measure";
            await Task.Delay(_settings.Duration, cancellationToken).ConfigureAwait(false);
            measuredSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
            measuredEvents = AckedEvents - startEvents;
        }
        catch (OperationCanceledException)
        {
            // Ctrl+C: stop and report what was measured.
        }
        _phase = "drain";
        await stop.CancelAsync().ConfigureAwait(false);
        string? error = null;
        try
        {
            await Task.WhenAll(running).WaitAsync(_settings.DrainTimeout, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            error = e.Message;
        }
        await stopProgress.CancelAsync().ConfigureAwait(false);
        await progress.ConfigureAwait(false);
        error ??= _loops.Select(l => l.Failure?.Message).FirstOrDefault(m => m is not null);
        var sent = _loops.Sum(l => l.Sent);
        var acked = AckedEvents;
        var latency = _latency.Summarize();
        return new RunResult(_settings.Scenario, "client", _settings.EventSize, _settings.Writers, _settings.Writers, _settings.Segments, 0,
            measuredSeconds, measuredEvents, measuredSeconds > 0 ? measuredEvents / measuredSeconds : 0,
            measuredSeconds > 0 ? measuredEvents * (double)_settings.EventSize / measuredSeconds / 1e6 : 0,
            latency, sent, acked, error is null && sent == acked, Error: error);
    }

    /// <summary>A routing key for each of <paramref name="segments"/> equal key ranges (Pravega's hash, so each lands where intended).</summary>
    private static string[] KeysPerSegment(int segments)
    {
        var keys = new string?[segments];
        for (var i = 0; keys.Any(k => k is null); i++)
        {
            var key = "k" + i;
            var segment = Math.Min(segments - 1, (int)(RoutingKeyHash.Hash(key) * segments));
            keys[segment] ??= key;
        }
        return keys!;
    }
}
