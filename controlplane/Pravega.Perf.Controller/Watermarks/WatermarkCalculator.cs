using Pravega.Perf.Client.Watermarks;
using Pravega.Perf.Common.Naming;
using Pravega.Perf.Controller.Model;
using Pravega.Perf.Controller.Streams;

namespace Pravega.Perf.Controller.Watermarks;

/// <summary>
/// The watermark of a stream from its writers' marks (Pravega's <c>PeriodicWatermarking</c>, reference §1.14), with no
/// I/O so that every rule is tested on its own:
/// <list type="number">
/// <item>A writer is <em>participating</em> when its time is after the previous watermark's lower bound. A writer that
/// is not stays <em>active</em> (holding the watermark back) only while it is open and noted within the stream's
/// <c>timestampAggregationTimeout</c>; otherwise it is inactive and forgotten.</item>
/// <item>If an active writer is not participating, the round waits: emitting now could put a later lower bound above
/// events that writer is still writing.</item>
/// <item>Otherwise lower bound = the minimum active time, upper bound = the maximum, and only a lower bound after the
/// previous one makes a watermark: a watermark never goes backwards.</item>
/// <item>Its StreamCut is the least upper bound of the active writers' positions and of the previous watermark's cut
/// (so it is never before it either), completed with segments of the highest epoch, at offset 0, where no position
/// names the keys.</item>
/// </list>
/// </summary>
public static class WatermarkCalculator
{
    public static WatermarkDecision Compute(StreamView view, IReadOnlyDictionary<string, WriterMark> writers, Watermark? previous, long now)
    {
        var previousLower = previous?.LowerTimeBound ?? long.MinValue;
        var timeout = view.Head.Configuration.TimestampAggregationTimeout;
        var active = new List<WriterMark>();
        var inactive = new List<string>();
        var allParticipating = true;
        foreach (var (writer, mark) in writers)
        {
            var participating = mark.Timestamp > previousLower;
            if (participating || (mark.IsAlive && now - mark.NotedAt < timeout))
            {
                active.Add(mark);
                allParticipating &= participating;
            }
            else
            {
                inactive.Add(writer);
            }
        }
        if (active.Count == 0)
        {
            return new WatermarkDecision(WatermarkOutcome.NoActiveWriters, null, inactive);
        }
        if (!allParticipating)
        {
            return new WatermarkDecision(WatermarkOutcome.WaitingForWriters, null, inactive);
        }
        var lower = active.Min(m => m.Timestamp);
        if (lower <= previousLower)
        {
            return new WatermarkDecision(WatermarkOutcome.TimeNotAdvanced, null, inactive);
        }
        var upper = active.Max(m => m.Timestamp);
        return new WatermarkDecision(WatermarkOutcome.Emitted, new Watermark(lower, upper, StreamCut(view, active, previous)), inactive);
    }

    /// <summary>The least upper bound of the positions and the previous cut, completed to cover the key space.</summary>
    public static IReadOnlyDictionary<SegmentWithRange, long> StreamCut(StreamView view, IEnumerable<WriterMark> active, Watermark? previous)
    {
        var cut = new Dictionary<SegmentWithRange, long>();
        foreach (var mark in active)
        {
            foreach (var (segmentId, offset) in mark.Position)
            {
                // Positions were checked against the stream when noted; a segment the view does not know is skipped.
                if (view.FindSegment(segmentId) is { } segment)
                {
                    AddToUpperBound(cut, ToRange(segment), offset);
                }
            }
        }
        if (previous is not null)
        {
            foreach (var (segment, offset) in previous.StreamCut)
            {
                AddToUpperBound(cut, segment, offset);
            }
        }
        // Each pass fills the missing ranges from the highest epoch named so far; an epoch covers [0, 1), so one pass
        // normally suffices, and the bound only guards against records that would not.
        for (var pass = 0; pass <= view.Epochs.Count; pass++)
        {
            var missing = MissingRanges(cut);
            if (missing.Count == 0)
            {
                break;
            }
            var highest = cut.Count == 0 ? view.Head.CurrentEpoch : cut.Keys.Max(s => NameUtils.GetEpoch(s.SegmentId));
            foreach (var segment in view.Epochs[Math.Min(highest, view.Epochs.Count - 1)].Segments)
            {
                if (missing.Any(m => segment.Range.Overlaps(m)))
                {
                    AddToUpperBound(cut, ToRange(segment), 0);
                }
            }
        }
        return cut;
    }

    /// <summary>
    /// Adds a segment's offset to the bound: the larger offset for a segment already there; nothing for a segment whose
    /// successor is already there (the successor is later); otherwise the segment replaces its predecessors.
    /// </summary>
    private static void AddToUpperBound(Dictionary<SegmentWithRange, long> cut, SegmentWithRange segment, long offset)
    {
        if (cut.TryGetValue(segment, out var existing))
        {
            cut[segment] = Math.Max(existing, offset);
            return;
        }
        if (cut.Keys.Any(s => s.Overlaps(segment) && s.SegmentId > segment.SegmentId))
        {
            return;
        }
        foreach (var predecessor in cut.Keys.Where(s => s.Overlaps(segment) && s.SegmentId < segment.SegmentId).ToList())
        {
            cut.Remove(predecessor);
        }
        cut[segment] = offset;
    }

    private static List<KeyRange> MissingRanges(Dictionary<SegmentWithRange, long> cut)
    {
        var missing = new List<KeyRange>();
        var covered = 0.0;
        foreach (var segment in cut.Keys.OrderBy(s => s.RangeLow))
        {
            if (segment.RangeLow > covered)
            {
                missing.Add(new KeyRange(covered, segment.RangeLow));
            }
            covered = Math.Max(covered, segment.RangeHigh);
        }
        if (covered < 1.0)
        {
            missing.Add(new KeyRange(covered, 1.0));
        }
        return missing;
    }

    public static SegmentWithRange ToRange(SegmentRecord segment) => new(segment.SegmentId, segment.KeyStart, segment.KeyEnd);
}
