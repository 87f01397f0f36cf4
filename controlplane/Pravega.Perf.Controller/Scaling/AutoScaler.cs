using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Pravega.Perf.Controller.Model;
using Pravega.Perf.Controller.Streams;

namespace Pravega.Perf.Controller.Scaling;

/// <summary>
/// The controller's half of auto-scaling (Pravega's <c>AutoScaleTask</c>, reference §1.7): a scale-up splits the hot
/// segment into <c>min(max(2, requested), max(2, scaleFactor))</c> equal ranges; a scale-down marks the segment cold and
/// merges it with cold neighbours (by key range) while the stream has more than <c>minNumSegments</c> segments.
/// </summary>
/// <remarks>Cold marks live in memory: after a restart a segment must ask again before it merges (it keeps asking while idle).</remarks>
public sealed class AutoScaler(StreamService streams, IOptions<ControllerOptions> options, TimeProvider time, ILogger<AutoScaler> logger)
{
    private readonly ConcurrentDictionary<(string Scope, string Stream, long SegmentId), long> _coldUntil = new();

    /// <summary>Acts on one request.</summary>
    public async Task<AutoScaleOutcome> HandleAsync(AutoScaleRequest request, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        if (now - request.TimestampMs > options.Value.ScaleRequestMaxAge.TotalMilliseconds)
        {
            return Log(request, AutoScaleOutcome.Ignored, "request too old");
        }
        var view = await streams.GetStreamAsync(request.Scope, request.Stream, cancellationToken).ConfigureAwait(false);
        if (view is null)
        {
            return Log(request, AutoScaleOutcome.StreamNotFound, "no such stream");
        }
        var policy = view.Head.Configuration.Scaling;
        if (policy.Type == ScaleType.FixedNumSegments || view.CurrentEpoch.Find(request.SegmentId) is not { } segment || view.Head.State == StreamState.Sealed)
        {
            return Log(request, AutoScaleOutcome.Ignored, "fixed policy, sealed stream or segment no longer active");
        }
        return request.Direction == ScaleDirection.Up
            ? await ScaleUpAsync(request, view, segment, policy, cancellationToken).ConfigureAwait(false)
            : await ScaleDownAsync(request, view, segment, policy, now, cancellationToken).ConfigureAwait(false);
    }

    private async Task<AutoScaleOutcome> ScaleUpAsync(AutoScaleRequest request, StreamView view, SegmentRecord segment, ScalingPolicy policy,
        CancellationToken cancellationToken)
    {
        var splits = Math.Min(Math.Max(2, request.NumberOfSplits), Math.Max(2, policy.ScaleFactor));
        var ranges = KeyRange.Split(segment.KeyStart, segment.KeyEnd, splits);
        var outcome = await streams.ScaleAsync(view.Scope, view.Stream, [segment.SegmentId], ranges, request.TimestampMs, cancellationToken).ConfigureAwait(false);
        return Log(request, outcome.Status == OperationStatus.Success ? AutoScaleOutcome.Scaled : AutoScaleOutcome.Ignored,
            outcome.Status == OperationStatus.Success ? $"split into {splits}" : $"{outcome.Status}: {outcome.Message}");
    }

    private async Task<AutoScaleOutcome> ScaleDownAsync(AutoScaleRequest request, StreamView view, SegmentRecord segment, ScalingPolicy policy, long now,
        CancellationToken cancellationToken)
    {
        _coldUntil[(view.Scope, view.Stream, segment.SegmentId)] = request.Silent ? long.MaxValue : request.TimestampMs + (long)options.Value.ColdSegmentDuration.TotalMilliseconds;
        var active = view.CurrentEpoch.Segments.OrderBy(s => s.KeyStart).ToList();
        var reductions = active.Count - policy.MinNumSegments;
        if (reductions <= 0)
        {
            return Log(request, AutoScaleOutcome.Ignored, "marked cold; already at minNumSegments");
        }
        var index = active.IndexOf(segment);
        var candidates = new List<SegmentRecord>(3);
        if (index > 0 && IsCold(view, active[index - 1], now))
        {
            candidates.Add(active[index - 1]);
        }
        candidates.Add(segment);
        if (index < active.Count - 1 && IsCold(view, active[index + 1], now))
        {
            candidates.Add(active[index + 1]);
        }
        if (candidates.Count < 2)
        {
            return Log(request, AutoScaleOutcome.Ignored, "marked cold; no cold neighbour to merge with yet");
        }
        if (reductions == 1 && candidates.Count == 3)
        {
            candidates.RemoveAt(2);
        }
        var merged = new KeyRange(candidates[0].KeyStart, candidates[^1].KeyEnd);
        var outcome = await streams.ScaleAsync(view.Scope, view.Stream, candidates.Select(c => c.SegmentId).ToList(), [merged], request.TimestampMs, cancellationToken)
            .ConfigureAwait(false);
        if (outcome.Status == OperationStatus.Success)
        {
            foreach (var candidate in candidates)
            {
                _coldUntil.TryRemove((view.Scope, view.Stream, candidate.SegmentId), out _);
            }
        }
        return Log(request, outcome.Status == OperationStatus.Success ? AutoScaleOutcome.Scaled : AutoScaleOutcome.Ignored,
            outcome.Status == OperationStatus.Success ? $"merged {candidates.Count} segments" : $"{outcome.Status}: {outcome.Message}");
    }

    private bool IsCold(StreamView view, SegmentRecord segment, long now) =>
        _coldUntil.TryGetValue((view.Scope, view.Stream, segment.SegmentId), out var until) && until > now;

    private AutoScaleOutcome Log(AutoScaleRequest request, AutoScaleOutcome outcome, string detail)
    {
        ControllerLog.AutoScale(logger, request.Direction.ToString(), request.Scope, request.Stream, request.SegmentId, $"{outcome}: {detail}");
        return outcome;
    }
}
