using Microsoft.Extensions.Logging;
using Pravega.Perf.Common.Naming;
using Pravega.Perf.Controller.Metadata;
using Pravega.Perf.Controller.Model;
using Pravega.Perf.Controller.Segments;
using Pravega.Perf.Controller.Streams;

namespace Pravega.Perf.Controller.Retention;

/// <summary>
/// One retention cycle (Pravega's retention workflow, reference §1.19): for every stream with a retention policy, record
/// a tail StreamCut (time and size) in its retention set, choose a truncation cut with
/// <see cref="RetentionPolicyCalculator"/> (bounded by the subscriber reader groups' acknowledged cuts) and truncate
/// through the stream's truncate workflow, which makes it crash-safe. A cut that is not after the current head is
/// never used, so retention only ever moves the head forward.
/// </summary>
public sealed class RetentionService(IMetadataStore store, IStreamSegmentStore segments, StreamService streams, TimeProvider time,
    ILogger<RetentionService> logger)
{
    /// <summary>Runs a cycle over every stream of every scope; returns how many streams it truncated.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var truncated = 0;
        await foreach (var scope in store.ListAllAsync(MetadataTables.Scopes, cancellationToken).ConfigureAwait(false))
        {
            await foreach (var stream in store.ListAllAsync(MetadataTables.Streams(scope.Key), cancellationToken).ConfigureAwait(false))
            {
                try
                {
                    truncated += await RunAsync(scope.Key, stream.Key, cancellationToken).ConfigureAwait(false) ? 1 : 0;
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // One stream's failure (a store hiccup, a concurrent delete) must not stop the others; next cycle retries.
                    RetentionLog.StreamFailed(logger, e, scope.Key, stream.Key);
                }
            }
        }
        return truncated;
    }

    /// <summary>Runs the cycle for one stream; true when it truncated the stream.</summary>
    public async Task<bool> RunAsync(string scope, string stream, CancellationToken cancellationToken)
    {
        var view = await streams.GetStreamAsync(scope, stream, cancellationToken).ConfigureAwait(false);
        if (view?.Head.Configuration.Retention is not { } policy)
        {
            return false;
        }
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var lengths = await SegmentLengthsAsync(view, cancellationToken).ConfigureAwait(false);
        var tail = view.CurrentEpoch.Segments.ToDictionary(s => s.SegmentId, s => lengths.GetValueOrDefault(s.SegmentId));
        var set = await RecordAsync(view, new RetentionCut(tail, now, StreamCutMath.SizeOf(view, tail, lengths)), cancellationToken).ConfigureAwait(false);

        var head = StreamService.SegmentsAtHead(view).ToDictionary(kv => kv.Key.SegmentId, kv => kv.Value);
        var subscriberCuts = await SubscriberCutsAsync(view, cancellationToken).ConfigureAwait(false);
        var bound = StreamCutMath.LowerBound(view, subscriberCuts, [head, .. set.Cuts.Select(c => c.Cut)]);
        var lowerBound = bound is null ? null : new RetentionCut(bound, 0, StreamCutMath.SizeOf(view, bound, lengths));
        var chosen = RetentionPolicyCalculator.Choose(policy, set.Cuts, now, lowerBound, (a, b) => StreamCutMath.Compare(view, a, b));
        if (chosen is null || !StreamCutMath.IsStrictlyAfter(view, chosen.Cut, head))
        {
            return false;
        }
        // A -1 offset (a subscriber read a sealed segment to its end) is that segment's length as a truncation offset.
        var cut = chosen.Cut.ToDictionary(kv => kv.Key, kv => kv.Value >= 0 ? kv.Value : lengths.GetValueOrDefault(kv.Key));
        var result = await streams.TruncateStreamAsync(scope, stream, cut, cancellationToken).ConfigureAwait(false);
        if (!result.IsSuccess)
        {
            RetentionLog.TruncationRefused(logger, scope, stream, result.Status.ToString(), result.Message ?? string.Empty);
            return false;
        }
        RetentionLog.Truncated(logger, scope, stream, policy.Type.ToString(), chosen.Size);
        await PruneAsync(view, cut, cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>The stream's retention set (empty when none was recorded).</summary>
    public async Task<RetentionSet> GetRetentionSetAsync(string scope, string stream, CancellationToken cancellationToken) =>
        (await store.GetAsync<RetentionSet>(MetadataTables.Stream(scope, stream), MetadataTables.RetentionKey, cancellationToken).ConfigureAwait(false))?.Value
        ?? RetentionSet.Empty;

    /// <summary>
    /// Adds the tail cut to the retention set (conditionally: a concurrent writer makes this cycle give up). A tail equal
    /// to the latest record is not added again: the older record already says everything before it is at least that old,
    /// and an idle stream's set stops growing.
    /// </summary>
    private async Task<RetentionSet> RecordAsync(StreamView view, RetentionCut tail, CancellationToken cancellationToken)
    {
        var table = MetadataTables.Stream(view.Scope, view.Stream);
        var stored = await store.GetAsync<RetentionSet>(table, MetadataTables.RetentionKey, cancellationToken).ConfigureAwait(false);
        if (stored?.Value.Cuts is [.., var latest] && latest.Cut.Count == tail.Cut.Count
            && latest.Cut.All(kv => tail.Cut.TryGetValue(kv.Key, out var offset) && offset == kv.Value))
        {
            return stored.Value;
        }
        var set = new RetentionSet([.. stored?.Value.Cuts ?? [], tail]);
        await store.PutAsync(table, MetadataTables.RetentionKey, set, stored?.Version ?? MetadataVersions.NotExists, cancellationToken).ConfigureAwait(false);
        return set;
    }

    /// <summary>Drops the recorded cuts wholly before the truncation point: they can never be chosen again.</summary>
    private async Task PruneAsync(StreamView view, IReadOnlyDictionary<long, long> truncation, CancellationToken cancellationToken)
    {
        var table = MetadataTables.Stream(view.Scope, view.Stream);
        var stored = await store.GetAsync<RetentionSet>(table, MetadataTables.RetentionKey, cancellationToken).ConfigureAwait(false);
        if (stored is null)
        {
            return;
        }
        var kept = stored.Value.Cuts.Where(c => StreamCutMath.Compare(view, c.Cut, truncation) != CutOrder.Before).ToList();
        await store.PutAsync(table, MetadataTables.RetentionKey, new RetentionSet(kept), stored.Version, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The length of every segment the stream ever had: sealed ones from their records, the current ones from the store.</summary>
    private async Task<Dictionary<long, long>> SegmentLengthsAsync(StreamView view, CancellationToken cancellationToken)
    {
        var lengths = new Dictionary<long, long>();
        for (var epoch = 0; epoch <= view.Head.CurrentEpoch; epoch++)
        {
            foreach (var (id, length) in await streams.GetSealedSizesAsync(view.Scope, view.Stream, epoch, cancellationToken).ConfigureAwait(false))
            {
                lengths[id] = length;
            }
        }
        foreach (var segment in view.CurrentEpoch.Segments.Where(s => !lengths.ContainsKey(s.SegmentId)))
        {
            var info = await segments.GetSegmentInfoAsync(StreamService.SegmentName(view.Scope, view.Stream, segment.SegmentId), cancellationToken)
                .ConfigureAwait(false);
            lengths[segment.SegmentId] = info?.Length ?? 0;
        }
        return lengths;
    }

    /// <summary>
    /// The acknowledged cuts of the stream's subscriber reader groups. A subscriber that has acknowledged nothing yet holds
    /// nothing back (as in Pravega, where its record starts with an empty cut); a cut made invalid by a change since is ignored.
    /// </summary>
    private async Task<IReadOnlyList<IReadOnlyDictionary<long, long>>> SubscriberCutsAsync(StreamView view, CancellationToken cancellationToken)
    {
        var key = NameUtils.GetScopedStreamName(view.Scope, view.Stream);
        var cuts = new List<IReadOnlyDictionary<long, long>>();
        await foreach (var entry in store.ListAllAsync(MetadataTables.ReaderGroups(view.Scope), cancellationToken).ConfigureAwait(false))
        {
            var group = MetadataJson.Deserialize<ReaderGroupRecord>(entry.Value);
            if (group.State == ReaderGroupState.Active && group.Configuration.RetentionType != ReaderGroupRetention.None
                && group.SubscriberCuts?.GetValueOrDefault(key) is { } cut && view.IsValidCut(cut.Cut))
            {
                cuts.Add(cut.Cut);
            }
        }
        return cuts;
    }
}
