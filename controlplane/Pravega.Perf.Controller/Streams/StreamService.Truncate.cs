using Pravega.Perf.Controller.Model;

namespace Pravega.Perf.Controller.Streams;

public sealed partial class StreamService
{
    /// <summary>
    /// Truncates the stream at a StreamCut (reference §1.9): segments wholly before the cut are deleted, the cut's
    /// segments truncated at their offsets. The cut must be valid for the stream and not before the current truncation
    /// point (<see cref="OperationStatus.InvalidArgument"/> otherwise).
    /// </summary>
    public Task<OperationResult<bool>> TruncateStreamAsync(string scope, string stream, IReadOnlyDictionary<long, long> cut, CancellationToken cancellationToken) =>
        RunAsync(scope, stream, async view =>
        {
            if (view is null || !view.IsVisible)
            {
                return OperationResult<bool>.Fail(OperationStatus.StreamNotFound, $"stream '{scope}/{stream}' does not exist");
            }
            if (!view.IsValidCut(cut) || cut.Values.Any(o => o < 0))
            {
                return OperationResult<bool>.Fail(OperationStatus.InvalidArgument,
                    "streamCut: the cut must name segments of this stream that cover the key space [0, 1) exactly, with offsets >= 0");
            }
            if (view.Head.Truncation is { } previous && !NotBefore(view, cut, previous.Cut))
            {
                return OperationResult<bool>.Fail(OperationStatus.InvalidArgument, "streamCut: the cut is before the stream's current truncation point");
            }
            await _workflows.AddAsync(StreamIntent(view), cancellationToken).ConfigureAwait(false);
            var record = new StreamCutRecord(new Dictionary<long, long>(cut), Now());
            var resumeState = view.Head.State;
            view = await WriteHeadAsync(view, view.Head with { State = StreamState.Truncating, PendingTruncation = record }, cancellationToken).ConfigureAwait(false);
            await FinishTruncateAsync(view, cancellationToken, resumeState).ConfigureAwait(false);
            await _workflows.RemoveAsync(StreamIntent(view), cancellationToken).ConfigureAwait(false);
            return OperationResult<bool>.Ok(true);
        }, cancellationToken);

    private async Task<StreamView> FinishTruncateAsync(StreamView view, CancellationToken cancellationToken, StreamState? resumeState = null)
    {
        var cut = view.Head.PendingTruncation!.Cut;
        foreach (var segment in SegmentsBefore(view, cut))
        {
            await _segments.DeleteSegmentAsync(SegmentName(view.Scope, view.Stream, segment.SegmentId), cancellationToken).ConfigureAwait(false);
        }
        foreach (var (segmentId, offset) in cut)
        {
            if (offset > 0)
            {
                await _segments.TruncateSegmentAsync(SegmentName(view.Scope, view.Stream, segmentId), offset, cancellationToken).ConfigureAwait(false);
            }
        }
        // A stream truncated while sealed stays sealed; after a crash the epoch's seal state tells which it was.
        var state = resumeState ?? (view.CurrentEpoch.Segments.Count > 0 && await IsSealedAsync(view, cancellationToken).ConfigureAwait(false)
            ? StreamState.Sealed : StreamState.Active);
        var head = view.Head with { State = state == StreamState.Sealed ? StreamState.Sealed : StreamState.Active, Truncation = view.Head.PendingTruncation, PendingTruncation = null };
        view = await WriteHeadAsync(view, head, cancellationToken).ConfigureAwait(false);
        ControllerLog.StreamTruncated(_logger, view.Scope, view.Stream, cut.Count);
        return view;
    }

    private async Task<bool> IsSealedAsync(StreamView view, CancellationToken cancellationToken)
    {
        var info = await _segments.GetSegmentInfoAsync(SegmentName(view.Scope, view.Stream, view.CurrentEpoch.Segments[0].SegmentId), cancellationToken)
            .ConfigureAwait(false);
        return info is { Sealed: true };
    }

    /// <summary>Segments that ended before every cut segment sharing keys with them began: all their data precedes the cut.</summary>
    internal static IEnumerable<SegmentRecord> SegmentsBefore(StreamView view, IReadOnlyDictionary<long, long> cut)
    {
        var cutSegments = cut.Keys.Select(id => view.FindSegment(id)!).ToList();
        return view.Epochs.SelectMany(e => e.Segments).DistinctBy(s => s.SegmentId)
            .Where(s => !cut.ContainsKey(s.SegmentId))
            .Where(s => cutSegments.Where(c => c.Range.Overlaps(s.Range)).All(c => view.LastEpochOf(s) < c.CreationEpoch));
    }

    /// <summary>Whether <paramref name="cut"/> is at or after <paramref name="previous"/> everywhere in the key space.</summary>
    private static bool NotBefore(StreamView view, IReadOnlyDictionary<long, long> cut, IReadOnlyDictionary<long, long> previous)
    {
        foreach (var (id, offset) in cut)
        {
            var segment = view.FindSegment(id)!;
            foreach (var (previousId, previousOffset) in previous)
            {
                var old = view.FindSegment(previousId);
                if (old is null || !old.Range.Overlaps(segment.Range))
                {
                    continue;
                }
                if (id == previousId ? offset < previousOffset : view.LastEpochOf(segment) < old.CreationEpoch)
                {
                    return false;
                }
            }
        }
        return true;
    }
}
