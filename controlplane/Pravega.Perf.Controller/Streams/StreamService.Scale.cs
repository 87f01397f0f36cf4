using Pravega.Perf.Controller.Metadata;
using Pravega.Perf.Controller.Model;

namespace Pravega.Perf.Controller.Streams;

public sealed partial class StreamService
{
    /// <summary>
    /// Seals <paramref name="segmentsToSeal"/> and replaces them by segments of <paramref name="newRanges"/> in a new epoch
    /// (reference §1.8). Statuses as Pravega's: <see cref="OperationStatus.PreconditionFailed"/> when a segment is not in
    /// the current epoch, the stream is sealed, or fewer than <c>minNumSegments</c> would remain;
    /// <see cref="OperationStatus.InvalidArgument"/> when the new ranges do not cover the sealed ones exactly. The scale
    /// has finished when this returns <see cref="OperationStatus.Success"/> (the gRPC layer answers STARTED, and
    /// <c>checkScale</c> then SUCCESS).
    /// </summary>
    public Task<ScaleOutcome> ScaleAsync(string scope, string stream, IReadOnlyList<long> segmentsToSeal, IReadOnlyList<KeyRange> newRanges,
        long scaleTimestamp, CancellationToken cancellationToken) =>
        RunAsync(scope, stream, async view =>
        {
            if (view is null || !view.IsVisible)
            {
                return new ScaleOutcome(OperationStatus.StreamNotFound, [], 0, $"stream '{scope}/{stream}' does not exist");
            }
            var epoch = view.Head.CurrentEpoch;
            if (view.Head.State == StreamState.Sealed)
            {
                return new ScaleOutcome(OperationStatus.PreconditionFailed, [], epoch, "the stream is sealed");
            }
            var toSeal = segmentsToSeal.Distinct().ToList();
            if (toSeal.Count == 0 || toSeal.Any(id => view.CurrentEpoch.Find(id) is null))
            {
                return new ScaleOutcome(OperationStatus.PreconditionFailed, [], epoch,
                    "sealedSegments: every segment to seal must be active in the current epoch " + epoch);
            }
            if (newRanges.Count == 0 || !CoverSame(toSeal.Select(id => view.CurrentEpoch.Find(id)!.Range), newRanges))
            {
                return new ScaleOutcome(OperationStatus.InvalidArgument, [], epoch,
                    "newKeyRanges: the new ranges must cover exactly the key ranges of the sealed segments, without gap or overlap");
            }
            if (view.CurrentEpoch.Segments.Count - toSeal.Count + newRanges.Count < view.Head.Configuration.Scaling.MinNumSegments)
            {
                return new ScaleOutcome(OperationStatus.PreconditionFailed, [], epoch,
                    $"the stream would have fewer than minNumSegments = {view.Head.Configuration.Scaling.MinNumSegments} segments");
            }
            var transition = NewTransition(view, toSeal, newRanges.OrderBy(r => r.Low).ToList(), scaleTimestamp);
            await _workflows.AddAsync(StreamIntent(view), cancellationToken).ConfigureAwait(false);
            view = await WriteHeadAsync(view, view.Head with { State = StreamState.Scaling, PendingScale = transition }, cancellationToken)
                .ConfigureAwait(false);
            var after = await FinishScaleAsync(view, cancellationToken).ConfigureAwait(false);
            await _workflows.RemoveAsync(StreamIntent(view), cancellationToken).ConfigureAwait(false);
            var created = after.CurrentEpoch.Segments.Where(s => s.CreationEpoch == transition.NewEpoch).ToList();
            return new ScaleOutcome(OperationStatus.Success, created, epoch);
        }, cancellationToken);

    /// <summary>
    /// Pravega's <c>checkScale</c>: given the epoch a scale started from, SUCCESS once the stream moved past it,
    /// IN_PROGRESS while it is still current, INVALID_INPUT for a future epoch or a missing stream.
    /// </summary>
    public async Task<ScaleProgress> CheckScaleAsync(string scope, string stream, int epoch, CancellationToken cancellationToken)
    {
        var view = await GetStreamAsync(scope, stream, cancellationToken).ConfigureAwait(false);
        if (view is null || epoch < 0 || epoch > view.Head.CurrentEpoch)
        {
            return ScaleProgress.InvalidInput;
        }
        return epoch == view.Head.CurrentEpoch ? ScaleProgress.InProgress : ScaleProgress.Success;
    }

    private static EpochTransition NewTransition(StreamView view, IReadOnlyList<long> toSeal, IReadOnlyList<KeyRange> newRanges, long timestamp)
    {
        // New segment numbers continue after the highest number the stream ever used (reference §1.8).
        var nextNumber = view.Epochs.SelectMany(e => e.Segments).Max(s => s.Number) + 1;
        return new EpochTransition(view.Head.CurrentEpoch + 1, toSeal, newRanges, nextNumber, timestamp);
    }

    /// <summary>
    /// The rest of a scale, from wherever an earlier run stopped: new segments and the new epoch, the head moved to it,
    /// the replaced segments sealed, the scale closed. As in Pravega, the new epoch becomes current before the old
    /// segments are sealed, so a writer refused by a sealed segment always finds its successors.
    /// </summary>
    private async Task<StreamView> FinishScaleAsync(StreamView view, CancellationToken cancellationToken)
    {
        var transition = view.Head.PendingScale!;
        view = await SwitchEpochAsync(view, transition, view.Head.Configuration, cancellationToken).ConfigureAwait(false);
        await SealReplacedAsync(view, transition, cancellationToken).ConfigureAwait(false);
        view = await WriteHeadAsync(view, view.Head with { State = StreamState.Active, PendingScale = null }, cancellationToken).ConfigureAwait(false);
        ControllerLog.StreamScaled(_logger, view.Scope, view.Stream, transition.NewEpoch, transition.SegmentsToSeal.Count, transition.NewRanges.Count);
        return view;
    }

    /// <summary>
    /// Creates the transition's segments, writes its epoch record (once) and makes it the head's current epoch, the
    /// workflow still marked as under way; nothing when an earlier run got that far.
    /// </summary>
    private async Task<StreamView> SwitchEpochAsync(StreamView view, EpochTransition transition, StreamConfiguration configuration,
        CancellationToken cancellationToken)
    {
        if (view.Head.CurrentEpoch == transition.NewEpoch)
        {
            return view;
        }
        var table = MetadataTables.Stream(view.Scope, view.Stream);
        var stored = await _store.GetAsync<EpochRecord>(table, MetadataTables.EpochKey(transition.NewEpoch), cancellationToken).ConfigureAwait(false);
        var epoch = stored?.Value ?? BuildEpoch(view.CurrentEpoch, transition, Now());
        await CreateSegmentsAsync(view, epoch.Segments.Where(s => s.CreationEpoch == transition.NewEpoch), configuration, cancellationToken).ConfigureAwait(false);
        if (stored is null)
        {
            await _store.TryInsertAsync(table, MetadataTables.EpochKey(transition.NewEpoch), epoch, cancellationToken).ConfigureAwait(false);
            epoch = (await _store.GetAsync<EpochRecord>(table, MetadataTables.EpochKey(transition.NewEpoch), cancellationToken).ConfigureAwait(false))!.Value;
        }
        return await WriteHeadAsync(view, view.Head with { CurrentEpoch = transition.NewEpoch }, cancellationToken, [epoch]).ConfigureAwait(false);
    }

    /// <summary>Seals the segments the transition replaced (in the epoch before it) and records their final lengths.</summary>
    private Task SealReplacedAsync(StreamView view, EpochTransition transition, CancellationToken cancellationToken)
    {
        var previous = view.Epochs[transition.NewEpoch - 1];
        var sealing = transition.SegmentsToSeal.Select(id => previous.Find(id)!).ToList();
        return SealSegmentsAsync(view, sealing, transition.NewEpoch - 1, cancellationToken);
    }

    private static EpochRecord BuildEpoch(EpochRecord current, EpochTransition transition, long now)
    {
        var sealedIds = transition.SegmentsToSeal.ToHashSet();
        var created = transition.NewSegmentIds().Zip(transition.NewRanges, (id, r) => new SegmentRecord(id, now, r.Low, r.High));
        var segments = current.Segments.Where(s => !sealedIds.Contains(s.SegmentId)).Concat(created).OrderBy(s => s.KeyStart).ToList();
        return new EpochRecord(transition.NewEpoch, transition.NewEpoch, segments, now);
    }

    /// <summary>Whether two sets of ranges cover exactly the same keys (each set disjoint).</summary>
    private static bool CoverSame(IEnumerable<KeyRange> sealedRanges, IReadOnlyList<KeyRange> newRanges)
    {
        static List<KeyRange> Merge(IEnumerable<KeyRange> ranges, out bool disjoint)
        {
            disjoint = true;
            var merged = new List<KeyRange>();
            foreach (var r in ranges.OrderBy(r => r.Low))
            {
                if (!(r.Low < r.High) || r.Low < 0 || r.High > 1)
                {
                    disjoint = false;
                    continue;
                }
                if (merged.Count > 0 && r.Low < merged[^1].High)
                {
                    disjoint = false;
                }
                if (merged.Count > 0 && r.Low <= merged[^1].High)
                {
                    merged[^1] = merged[^1] with { High = Math.Max(merged[^1].High, r.High) };
                }
                else
                {
                    merged.Add(r);
                }
            }
            return merged;
        }
        var expected = Merge(sealedRanges, out _);
        var actual = Merge(newRanges, out var newDisjoint);
        return newDisjoint && expected.SequenceEqual(actual);
    }
}
