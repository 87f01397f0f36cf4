using Pravega.Perf.Client.Segments;
using Pravega.Perf.Client.State;
using Pravega.Perf.Client.Streams;
using Pravega.Perf.Client.Watermarks;
using Pravega.Perf.Common.Naming;

namespace Pravega.Perf.Client.Readers;

/// <summary>
/// Follows one stream's watermarks (the records the controller appends to <c>_MARK&lt;stream&gt;</c>) and places a
/// reader group's positions among them, as Pravega's <c>WatermarkReaderImpl</c> does: a watermark is passed once, for
/// every segment of its cut, the group is at or after the cut's offset there (read to its end, or holding only later
/// segments). The window's lower bound is the last passed watermark's lower time, never going back; its upper bound the
/// upper time of the first watermark not yet passed.
/// </summary>
internal sealed class WatermarkTracker(SegmentStoreClient segments, ScopedStream stream)
{
    private readonly RevisionedStreamClient<Watermark> _marks = new(segments,
        NameUtils.GetQualifiedStreamSegmentName(stream.Scope, NameUtils.GetMarkStreamForStream(stream.Name), 0), WatermarkSerializer.Instance);
    private readonly List<Watermark> _pending = [];
    private Revision? _next;
    private long? _lower;

    public async Task<TimeWindow> WindowAsync(GroupState group, CancellationToken cancellationToken)
    {
        _next ??= await _marks.FetchOldestRevisionAsync(cancellationToken).ConfigureAwait(false);
        await foreach (var record in _marks.ReadFromAsync(_next.Value, cancellationToken).ConfigureAwait(false))
        {
            _pending.Add(record.Value);
            _next = record.Next;
        }
        var positions = Positions(group);
        while (_pending.Count > 0 && IsPassed(_pending[0], positions, group))
        {
            _lower = Math.Max(_lower ?? long.MinValue, _pending[0].LowerTimeBound);
            _pending.RemoveAt(0);
        }
        return new TimeWindow(_lower, _pending.Count > 0 ? _pending[0].UpperTimeBound : null);
    }

    /// <summary>The group's offset in each segment of this stream it holds (by any reader, or unassigned).</summary>
    private Dictionary<long, long> Positions(GroupState group)
    {
        var positions = new Dictionary<long, long>();
        foreach (var (name, offset) in group.Readers.Values.SelectMany(r => r).Concat(group.Unassigned))
        {
            var segment = SegmentNames.Parse(name);
            if (segment.Stream == stream)
            {
                positions[segment.SegmentId] = offset;
            }
        }
        return positions;
    }

    private bool IsPassed(Watermark mark, Dictionary<long, long> positions, GroupState group)
    {
        foreach (var (segment, offset) in mark.StreamCut)
        {
            if (positions.TryGetValue(segment.SegmentId, out var at))
            {
                if (offset < 0 || at < offset)
                {
                    return false;
                }
                continue;
            }
            var name = NameUtils.GetQualifiedStreamSegmentName(stream.Scope, stream.Name, segment.SegmentId);
            // Read to its end, or behind the group: it holds only segments of later epochs.
            var behind = positions.Count > 0 && positions.Keys.All(id => NameUtils.GetEpoch(id) > NameUtils.GetEpoch(segment.SegmentId));
            if (!group.Completed.Contains(name) && !behind)
            {
                return false;
            }
        }
        return true;
    }
}
