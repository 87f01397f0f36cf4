using System.Diagnostics;
using Pravega.Perf.LoadHarness.Drivers;
using Pravega.Perf.LoadHarness.Reporting;

namespace Pravega.Perf.LoadHarness.Run;

/// <summary>
/// One <c>run</c> against a driver: creates a fresh topic, drives the producers (and consumers) as the mode says,
/// measures, judges correctness from what the consumers read, and deletes the topic.
/// </summary>
internal sealed class LoadRun
{
    private readonly ILoadDriver _driver;
    private readonly RunSettings _settings;
    private readonly TextWriter _progress;
    private readonly RunRecorders _recorders = new();
    private readonly SequenceVerdict _verdict = new();
    private readonly List<ProducerLoop> _producers = [];
    private readonly List<ConsumerLoop> _consumers = [];
    private readonly List<IAsyncDisposable> _clients = [];
    private readonly RunMonitor _monitor;
    private bool _countReads;

    public LoadRun(ILoadDriver driver, RunSettings settings, TextWriter progress)
    {
        settings.Validate();
        _driver = driver;
        _settings = settings;
        _progress = progress;
        _monitor = new RunMonitor(_recorders, progress, Counters);
    }

    public async Task<RunOutcome> RunAsync(CancellationToken cancellationToken)
    {
        var s = _settings;
        _progress.WriteLine($"run: {s.Mode.ToString().ToLowerInvariant()} on {_driver.Name} ({_driver.Durability}): {s.Producers} producer(s), " +
            $"{(s.Mode == RunMode.Write ? 0 : s.Consumers)} consumer(s), {s.Partitions} partition(s), {s.EventSize} B events, {s.Keys} key(s), " +
            $"rate {(s.Rate > 0 ? $"{s.Rate:N0} ev/s" : "unthrottled")}, {(s.Events > 0 ? $"{s.Events:N0} events" : $"{s.Duration.TotalSeconds:F0} s")}, topic {s.Topic}");
        await _driver.CreateTopicAsync(s.Topic, s.Partitions, cancellationToken).ConfigureAwait(false);
        using var stopMonitor = new CancellationTokenSource();
        var monitor = Task.CompletedTask;
        try
        {
            var keyNames = Enumerable.Range(0, s.Keys).Select(k => "k" + k).ToArray();
            for (var p = 0; p < s.Producers; p++)
            {
                var producer = await _driver.CreateProducerAsync(s.Topic, p, cancellationToken).ConfigureAwait(false);
                _clients.Add(producer);
                _producers.Add(new ProducerLoop(producer, p, s, _recorders, keyNames));
            }
            if (s.Mode == RunMode.E2e)
            {
                await CreateConsumersAsync(cancellationToken).ConfigureAwait(false);
            }
            // Started once the clients exist: it sums their counters.
            monitor = _monitor.RunAsync(stopMonitor.Token);
            return s.Mode == RunMode.Read
                ? await CatchUpAsync(cancellationToken).ConfigureAwait(false)
                : await WriteAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await stopMonitor.CancelAsync().ConfigureAwait(false);
            await monitor.ConfigureAwait(false);
            foreach (var client in _clients)
            {
                await client.DisposeAsync().ConfigureAwait(false);
            }
            try
            {
                await _driver.DeleteTopicAsync(s.Topic, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                _progress.WriteLine($"could not delete topic {s.Topic}: {e.Message}");
            }
        }
    }

    /// <summary>Write and e2e modes: warm-up, then the measured window of write acks; consumers (e2e) read alongside.</summary>
    private async Task<RunOutcome> WriteAsync(CancellationToken cancellationToken)
    {
        using var stopConsumers = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var reading = _consumers.Select(c => Task.Run(() => c.RunAsync(stopConsumers.Token), CancellationToken.None)).ToList();
        using var stopWriting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var start = Stopwatch.GetTimestamp();
        var writing = Task.WhenAll(_producers.Select(p => Task.Run(() => p.RunAsync(start, stopWriting.Token), CancellationToken.None)));
        if (_settings.Warmup > TimeSpan.Zero && _settings.Events == 0)
        {
            _monitor.Enter("warmup", measuring: false);
            await Task.WhenAny(writing, Task.Delay(_settings.Warmup, cancellationToken)).ConfigureAwait(false);
            _recorders.Reset();
        }
        _monitor.Enter("measure", measuring: true);
        var measureStart = Stopwatch.GetTimestamp();
        var ackedAtStart = _producers.Sum(p => p.Acked);
        var diskAtStart = (_driver as IServerDiskCounter)?.ServerDiskWrittenBytes();
        var limit = _settings.Duration > TimeSpan.Zero ? _settings.Duration : Timeout.InfiniteTimeSpan;
        await Task.WhenAny(writing, Task.Delay(limit, cancellationToken)).ConfigureAwait(false);
        var measuredSeconds = Stopwatch.GetElapsedTime(measureStart).TotalSeconds;
        var measuredEvents = _producers.Sum(p => p.Acked) - ackedAtStart;
        var diskAtEnd = (_driver as IServerDiskCounter)?.ServerDiskWrittenBytes();
        var disk = diskAtStart is { } before && diskAtEnd is { } after
            ? new ServerDiskWrites(after - before, measuredEvents * _settings.EventSize)
            : null;
        _monitor.Enter("drain", measuring: false);
        await stopWriting.CancelAsync().ConfigureAwait(false);
        var error = await WaitAsync(writing, "producers").ConfigureAwait(false);
        if (_consumers.Count > 0)
        {
            await WaitForReadsAsync(cancellationToken).ConfigureAwait(false);
        }
        await stopConsumers.CancelAsync().ConfigureAwait(false);
        error ??= await WaitAsync(Task.WhenAll(reading), "consumers").ConfigureAwait(false);
        return Outcome(measuredSeconds, measuredEvents, error) with { ServerDisk = disk };
    }

    /// <summary>Read mode: writes every event first, then times the consumers reading them all from history.</summary>
    private async Task<RunOutcome> CatchUpAsync(CancellationToken cancellationToken)
    {
        _monitor.Enter("write", measuring: false);
        using var stopWriting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var start = Stopwatch.GetTimestamp();
        var writing = Task.WhenAll(_producers.Select(p => Task.Run(() => p.RunAsync(start, stopWriting.Token), CancellationToken.None)));
        if (_settings.Events == 0)
        {
            await Task.WhenAny(writing, Task.Delay(_settings.Duration, cancellationToken)).ConfigureAwait(false);
            await stopWriting.CancelAsync().ConfigureAwait(false);
        }
        var error = await WaitAsync(writing, "producers").ConfigureAwait(false);
        _progress.WriteLine($"wrote {_producers.Sum(p => p.Acked):N0} events; reading them back with {_settings.Consumers} consumer(s)");
        await CreateConsumersAsync(cancellationToken).ConfigureAwait(false);
        _countReads = true;
        _monitor.Enter("read", measuring: true);
        var readStart = Stopwatch.GetTimestamp();
        using var stopConsumers = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var reading = _consumers.Select(c => Task.Run(() => c.RunAsync(stopConsumers.Token), CancellationToken.None)).ToList();
        await WaitForReadsAsync(cancellationToken).ConfigureAwait(false);
        var readEnd = _consumers.Max(c => c.LastReadTicks);
        await stopConsumers.CancelAsync().ConfigureAwait(false);
        error ??= await WaitAsync(Task.WhenAll(reading), "consumers").ConfigureAwait(false);
        var seconds = readEnd > readStart ? Stopwatch.GetElapsedTime(readStart, readEnd).TotalSeconds : 0;
        return Outcome(seconds, _consumers.Sum(c => c.Read), error);
    }

    private async Task CreateConsumersAsync(CancellationToken cancellationToken)
    {
        for (var c = 0; c < _settings.Consumers; c++)
        {
            var consumer = await _driver.CreateConsumerAsync(_settings.Topic, c, _settings.Consumers, cancellationToken).ConfigureAwait(false);
            _clients.Add(consumer);
            _consumers.Add(new ConsumerLoop(consumer, _verdict, _recorders, recordEndToEnd: _settings.Mode == RunMode.E2e));
        }
    }

    /// <summary>Until every acknowledged event was read, or no consumer read anything for the drain timeout.</summary>
    private async Task WaitForReadsAsync(CancellationToken cancellationToken)
    {
        var target = _producers.Sum(p => p.Acked);
        while (!cancellationToken.IsCancellationRequested && _verdict.Read < target)
        {
            var lastRead = _consumers.Max(c => c.LastReadTicks);
            if (Stopwatch.GetElapsedTime(lastRead) > _settings.DrainTimeout || _consumers.Any(c => c.Failure is not null))
            {
                _progress.WriteLine($"consumers stopped at {_verdict.Read:N0} of {target:N0} events");
                return;
            }
            await Task.Delay(20, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<string?> WaitAsync(Task work, string what)
    {
        try
        {
            await work.WaitAsync(_settings.DrainTimeout).ConfigureAwait(false);
            return _producers.Select(p => p.Failure).Concat(_consumers.Select(c => c.Failure)).FirstOrDefault(f => f is not null)?.Message;
        }
        catch (TimeoutException)
        {
            return $"{what} did not finish within {_settings.DrainTimeout.TotalSeconds:F0} s";
        }
    }

    private RunOutcome Outcome(double measuredSeconds, long measuredEvents, string? error)
    {
        var errors = _producers.Sum(p => p.Errors);
        var sent = _producers.Sum(p => p.Sent);
        var acked = _producers.Sum(p => p.Acked);
        Verdict verdict;
        if (_consumers.Count == 0)
        {
            // Nothing read: the check is that every event sent was acknowledged (read holds the acknowledged count).
            verdict = new Verdict(error is null && errors == 0 && acked == sent, sent, acked, 0, 0, 0);
        }
        else
        {
            var written = new Dictionary<(int, int), long>();
            for (var p = 0; p < _producers.Count; p++)
            {
                for (var k = 0; k < _producers[p].KeyCounts.Count; k++)
                {
                    if (_producers[p].KeyCounts[k] > 0)
                    {
                        written[(p, k)] = _producers[p].KeyCounts[k];
                    }
                }
            }
            verdict = _verdict.Judge(written, errors);
            verdict = verdict with { Ok = verdict.Ok && error is null };
        }
        return new RunOutcome(_driver.Name, _driver.Durability, _settings, measuredSeconds, measuredEvents,
            OrNull(_recorders.Write.Summarize()), OrNull(_recorders.WriteFromIntended.Summarize()),
            OrNull(_recorders.EndToEnd.Summarize()), OrNull(_recorders.PublishDelay.Summarize()),
            verdict, errors, _monitor.Intervals, error);
    }

    private static LatencySummary? OrNull(LatencySummary summary) => summary.Count == 0 ? null : summary;

    private (long Events, long Bytes, long Errors) Counters()
    {
        var events = _countReads ? _consumers.Sum(c => c.Read) : _producers.Sum(p => p.Acked);
        return (events, events * _settings.EventSize, _producers.Sum(p => p.Errors));
    }
}
