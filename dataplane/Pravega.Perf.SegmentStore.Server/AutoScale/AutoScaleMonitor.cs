using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Pravega.Perf.Common.Naming;
using Pravega.Perf.SegmentStore.Contracts;
using Pravega.Perf.SegmentStore.Contracts.Attributes;

namespace Pravega.Perf.SegmentStore.Server.AutoScale;

/// <summary>
/// Measures each stream segment's write rate under the scaling policy it was created with and asks the controller to
/// split or merge it when the rate crosses Pravega's thresholds (reference §1.7): a tick samples every segment's
/// counters, decisions wait for the cooldown, a direction is muted after a request, and a segment idle for the cache
/// expiry is dropped with a silent scale-down request. Segments of a fixed policy, transaction and table segments are
/// not measured.
/// </summary>
public sealed partial class AutoScaleMonitor : IAsyncDisposable
{
    private readonly ISegmentStore _store;
    private readonly IScaleReporter _reporter;
    private readonly AutoScaleOptions _options;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, SegmentTraffic> _segments = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public AutoScaleMonitor(ISegmentStore store, IScaleReporter reporter, AutoScaleOptions options, ILogger logger)
    {
        _store = store;
        _reporter = reporter;
        _options = options;
        _logger = logger;
        _loop = Task.Run(LoopAsync);
    }

    /// <summary>Segments being measured (for tests and diagnostics).</summary>
    public int TrackedSegments => _segments.Count;

    /// <summary>The traffic counter of a segment a writer set up on, or null when it is not measured.</summary>
    internal SegmentTraffic? Track(string segment)
    {
        if (!QualifiedSegmentName.TryParse(segment, out _) || NameUtils.IsTransactionSegment(segment) || NameUtils.IsTransientSegment(segment))
        {
            return null;
        }
        var added = false;
        var traffic = _segments.GetOrAdd(segment, s =>
        {
            added = true;
            return new SegmentTraffic(s, Stopwatch.GetTimestamp());
        });
        if (added)
        {
            _ = LoadPolicyAsync(traffic);
        }
        return traffic;
    }

    /// <summary>
    /// A segment just created (the wire's CreateSegment): measured from now on if its policy scales, so that a segment
    /// nobody writes to still asks to be merged, as Pravega's stats record starts at creation.
    /// </summary>
    internal void Created(string segment, byte scaleType, int targetRate)
    {
        if (scaleType != 0 && Track(segment) is { } traffic)
        {
            (traffic.ScaleType, traffic.TargetRate, traffic.PolicyKnown) = (scaleType, targetRate, true);
        }
    }

    /// <summary>The new policy of a segment (the wire's UpdateSegmentPolicy).</summary>
    internal void SetPolicy(string segment, byte scaleType, int targetRate)
    {
        if (_segments.TryGetValue(segment, out var traffic))
        {
            (traffic.ScaleType, traffic.TargetRate, traffic.PolicyKnown) = (scaleType, targetRate, true);
        }
        else
        {
            Created(segment, scaleType, targetRate);
        }
    }

    /// <summary>Stops measuring a sealed or deleted segment.</summary>
    internal void Forget(string segment) => _segments.TryRemove(segment, out _);

    private async Task LoadPolicyAsync(SegmentTraffic traffic)
    {
        try
        {
            var type = await _store.GetAttributeAsync(traffic.Segment, SegmentAttributes.ScalePolicyType).ConfigureAwait(false);
            var rate = await _store.GetAttributeAsync(traffic.Segment, SegmentAttributes.ScalePolicyRate).ConfigureAwait(false);
            if (!traffic.PolicyKnown)
            {
                (traffic.ScaleType, traffic.TargetRate) = (type is > 0 and <= 2 ? (byte)type : (byte)0, (int)Math.Clamp(rate, 0, int.MaxValue));
                traffic.PolicyKnown = true;
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A segment that vanished, or a store shutting down: nothing to measure.
            Forget(traffic.Segment);
        }
    }

    private async Task LoopAsync()
    {
        using var timer = new PeriodicTimer(_options.Tick);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false))
            {
                await TickAsync(_stop.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }
    }

    /// <summary>One sampling round (public for tests that drive time themselves).</summary>
    internal async Task TickAsync(CancellationToken cancellationToken)
    {
        var now = Stopwatch.GetTimestamp();
        foreach (var traffic in _segments.Values)
        {
            if (!traffic.PolicyKnown)
            {
                continue;
            }
            if (traffic.ScaleType == 0 || traffic.TargetRate <= 0)
            {
                Forget(traffic.Segment);
                continue;
            }
            if (traffic.Sample(_options.Tick, _options.WindowUnit))
            {
                traffic.LastTrafficTicks = now;
            }
            ScaleDecision? decision;
            if (Stopwatch.GetElapsedTime(traffic.LastTrafficTicks, now) > _options.CacheExpiry)
            {
                Forget(traffic.Segment);
                decision = new ScaleDecision(false, 0, true);
            }
            else
            {
                var age = Stopwatch.GetElapsedTime(traffic.StartTicks, now);
                decision = age > _options.Cooldown ? ScaleThresholds.Decide(traffic.Rates, traffic.TargetRate, age, _options.WindowUnit) : null;
            }
            if (decision is { } d && !Muted(traffic, d.Up, now))
            {
                await ReportAsync(traffic, d, now, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private bool Muted(SegmentTraffic traffic, bool up, long now)
    {
        var last = up ? traffic.LastUpTicks : traffic.LastDownTicks;
        return last != long.MinValue && Stopwatch.GetElapsedTime(last, now) < _options.Mute;
    }

    private async Task ReportAsync(SegmentTraffic traffic, ScaleDecision decision, long now, CancellationToken cancellationToken)
    {
        var name = QualifiedSegmentName.Parse(traffic.Segment);
        try
        {
            var taken = await _reporter.ReportAsync(name.Scope, name.Stream, NameUtils.ComputeSegmentId(name.SegmentNumber, name.Epoch), decision.Up,
                decision.Splits, decision.Silent, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), cancellationToken).ConfigureAwait(false);
            if (decision.Up)
            {
                traffic.LastUpTicks = now;
            }
            else
            {
                traffic.LastDownTicks = now;
            }
            LogReported(_logger, decision.Up ? "up" : "down", traffic.Segment, decision.Splits, traffic.Rates[0], traffic.TargetRate, taken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Not muted: the next tick asks again.
            LogReportFailed(_logger, traffic.Segment, e.Message);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        _stop.Dispose();
    }

    [LoggerMessage(60, LogLevel.Information, "Auto-scale: asked the controller to scale {Direction} {Segment} ({Splits} pieces; 2-window rate {Rate:F1}, target {Target}); accepted: {Accepted}")]
    private static partial void LogReported(ILogger logger, string direction, string segment, int splits, double rate, int target, bool accepted);

    [LoggerMessage(61, LogLevel.Warning, "Auto-scale: could not reach the controller for {Segment}: {Reason}")]
    private static partial void LogReportFailed(ILogger logger, string segment, string reason);
}
