using Pravega.Perf.Controller.Model;

namespace Pravega.Perf.Controller.Streams;

/// <summary>
/// An immutable in-memory picture of one stream: its head record and every epoch up to the current one. The hot read
/// paths (current segments, successors, segment validity) answer from it without touching the segment store; a change
/// replaces the whole view.
/// </summary>
public sealed class StreamView
{
    private readonly Dictionary<long, int> _sealedIn;

    public StreamView(string scope, string stream, StreamHead head, long headVersion, IReadOnlyList<EpochRecord> epochs, long loadedAt)
    {
        Scope = scope;
        Stream = stream;
        Head = head;
        HeadVersion = headVersion;
        Epochs = epochs;
        LoadedAt = loadedAt;
        _sealedIn = [];
        for (var e = 1; e < epochs.Count && e <= head.CurrentEpoch; e++)
        {
            foreach (var segment in epochs[e - 1].Segments)
            {
                if (epochs[e].Find(segment.SegmentId) is null)
                {
                    _sealedIn[segment.SegmentId] = e;
                }
            }
        }
    }

    public string Scope { get; }

    public string Stream { get; }

    public StreamHead Head { get; }

    public long HeadVersion { get; }

    /// <summary>Epoch records by number, 0 to at least the current epoch.</summary>
    public IReadOnlyList<EpochRecord> Epochs { get; }

    /// <summary>When this view was read (<see cref="Environment.TickCount64"/>).</summary>
    public long LoadedAt { get; }

    /// <summary>Whether clients may see the stream (it is neither being created nor being deleted).</summary>
    public bool IsVisible => Head.State is not StreamState.Creating and not StreamState.Deleting;

    /// <summary>The current epoch.</summary>
    public EpochRecord CurrentEpoch => Epochs[Head.CurrentEpoch];

    /// <summary>The segments open for writes: the current epoch's, none once the stream is sealed.</summary>
    public IReadOnlyList<SegmentRecord> ActiveSegments => Head.State == StreamState.Sealed ? [] : CurrentEpoch.Segments;

    /// <summary>The segment with this id if it ever existed in the stream.</summary>
    public SegmentRecord? FindSegment(long segmentId)
    {
        var epoch = Common.Naming.NameUtils.GetEpoch(segmentId);
        return epoch >= 0 && epoch <= Head.CurrentEpoch ? Epochs[epoch].Find(segmentId) : null;
    }

    /// <summary>The epoch in which the segment was replaced (sealed by a scale), or null while it is in the current epoch.</summary>
    public int? ReplacedInEpoch(long segmentId) => _sealedIn.TryGetValue(segmentId, out var epoch) ? epoch : null;

    /// <summary>The last epoch the segment belongs to.</summary>
    public int LastEpochOf(SegmentRecord segment) => ReplacedInEpoch(segment.SegmentId) is { } e ? e - 1 : Head.CurrentEpoch;

    /// <summary>Whether the segment is in the current epoch of an unsealed stream.</summary>
    public bool IsActive(long segmentId) => Head.State != StreamState.Sealed && CurrentEpoch.Find(segmentId) is not null;

    /// <summary>
    /// The segments that replaced <paramref name="segmentId"/> with, for each, the ids of all the segments it replaced
    /// (a reader takes a successor only once it finished every predecessor). Empty while the segment is active; also
    /// empty for a sealed stream's last segments.
    /// </summary>
    public IReadOnlyDictionary<SegmentRecord, IReadOnlyList<long>> Successors(long segmentId)
    {
        var result = new Dictionary<SegmentRecord, IReadOnlyList<long>>();
        if (FindSegment(segmentId) is not { } segment || ReplacedInEpoch(segmentId) is not { } epoch)
        {
            return result;
        }
        var next = Epochs[epoch];
        var previous = Epochs[epoch - 1];
        foreach (var successor in next.Segments)
        {
            if (successor.CreationEpoch != epoch || !successor.Range.Overlaps(segment.Range))
            {
                continue;
            }
            result[successor] = previous.Segments
                .Where(p => p.Range.Overlaps(successor.Range) && next.Find(p.SegmentId) is null)
                .Select(p => p.SegmentId)
                .ToList();
        }
        return result;
    }

    /// <summary>Whether a cut names segments of this stream whose ranges are disjoint and cover [0, 1), with offsets ≥ 0 (or -1 = end).</summary>
    public bool IsValidCut(IReadOnlyDictionary<long, long> cut)
    {
        var segments = new List<SegmentRecord>(cut.Count);
        foreach (var (id, offset) in cut)
        {
            if (FindSegment(id) is not { } segment || offset < -1)
            {
                return false;
            }
            segments.Add(segment);
        }
        return KeyRange.CoversExactly(segments.Select(s => s.Range), 0.0, 1.0);
    }
}
