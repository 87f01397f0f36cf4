using Pravega.Perf.Controller.Model;

namespace Pravega.Perf.Controller.Retention;

/// <summary>
/// Chooses where retention truncates a stream (Pravega's <c>StreamMetadataTasks.retention</c>, reference §1.19 and
/// <c>retention.md</c>), with no I/O. What truncating at a recorded cut keeps is its age (TIME, ms) or the bytes after
/// it (SIZE). Of the cuts that keep at least the policy's min, the one keeping least is the "min cut" (truncate as much
/// as the policy allows) and the one keeping most without exceeding max the "max cut".
/// <list type="bullet">
/// <item>No subscriber lower bound: the min cut; none (everything is younger or smaller than min) → nothing.</item>
/// <item>With a lower bound (subscribers' acknowledged positions), the five cases of <c>retention.md</c>: within
/// [min, max] → the bound; it would keep less than min → the min cut if that is before it, otherwise the latest
/// recorded cut before it; it would keep more than max → the max cut (a lagging subscriber loses data, as in Pravega).</item>
/// </list>
/// </summary>
public static class RetentionPolicyCalculator
{
    /// <summary>
    /// The cut to truncate at, or null. <paramref name="set"/> holds the recorded cuts, oldest first, the newest being the
    /// tail just recorded; <paramref name="lowerBound"/> the subscribers' lower bound (its size filled in, its time unused).
    /// </summary>
    public static RetentionCut? Choose(RetentionPolicy policy, IReadOnlyList<RetentionCut> set, long now, RetentionCut? lowerBound,
        Func<IReadOnlyDictionary<long, long>, IReadOnlyDictionary<long, long>, CutOrder> compare)
    {
        if (set.Count == 0)
        {
            return null;
        }
        var tail = set[^1];
        Func<RetentionCut, long> kept = policy.Type == RetentionType.Size ? c => tail.Size - c.Size : c => now - c.Time;
        var (minCut, maxCut) = Bounds(policy, set, kept);
        if (lowerBound is null)
        {
            return minCut;
        }
        return policy.Type == RetentionType.Size
            ? BySize(policy, set, tail, minCut, maxCut, lowerBound, compare)
            : ByTime(policy, set, now, minCut, maxCut, lowerBound, compare);
    }

    /// <summary>The min cut (keeps least but at least min) and the max cut (keeps most but at most max; the min cut if none does).</summary>
    private static (RetentionCut? Min, RetentionCut? Max) Bounds(RetentionPolicy policy, IReadOnlyList<RetentionCut> set, Func<RetentionCut, long> kept)
    {
        RetentionCut? min = null, max = null;
        long minKept = long.MaxValue, maxKept = long.MinValue;
        foreach (var cut in set)
        {
            var value = kept(cut);
            if (value < policy.Min)
            {
                continue;
            }
            if (value < minKept)
            {
                (min, minKept) = (cut, value);
            }
            if (value <= policy.Max && value > maxKept)
            {
                (max, maxKept) = (cut, value);
            }
        }
        return (min, max ?? min);
    }

    private static RetentionCut? BySize(RetentionPolicy policy, IReadOnlyList<RetentionCut> set, RetentionCut tail, RetentionCut? minCut,
        RetentionCut? maxCut, RetentionCut lowerBound, Func<IReadOnlyDictionary<long, long>, IReadOnlyDictionary<long, long>, CutOrder> compare)
    {
        var keptAtBound = tail.Size - lowerBound.Size;
        if (keptAtBound < policy.Min)
        {
            // Truncating at the bound would break min: the min cut if it lies wholly before the bound; if it overlaps
            // the bound, the latest recorded cut before the bound (which keeps more than min).
            if (minCut is null)
            {
                return null;
            }
            return compare(minCut.Cut, lowerBound.Cut) == CutOrder.Before ? minCut : LatestBefore(set, lowerBound, compare);
        }
        if (keptAtBound < policy.Max)
        {
            return lowerBound;
        }
        // Above max: the max cut when it keeps less than the bound would, else the bound itself.
        return maxCut is not null && tail.Size - maxCut.Size < keptAtBound ? maxCut : lowerBound;
    }

    private static RetentionCut? ByTime(RetentionPolicy policy, IReadOnlyList<RetentionCut> set, long now, RetentionCut? minCut,
        RetentionCut? maxCut, RetentionCut lowerBound, Func<IReadOnlyDictionary<long, long>, IReadOnlyDictionary<long, long>, CutOrder> compare)
    {
        if (minCut is null)
        {
            return null;
        }
        switch (compare(minCut.Cut, lowerBound.Cut))
        {
            case CutOrder.Before:
                // Subscribers are past the min cut: truncate as much as min allows.
                return minCut;
            case CutOrder.Overlaps:
                return LatestBefore(set, lowerBound, compare);
        }
        // The bound keeps at least min. If it also keeps data older than max, truncate at the max cut instead.
        var maxBound = set.LastOrDefault(c => now - c.Time >= policy.Max);
        if (maxBound is null)
        {
            return lowerBound;
        }
        return compare(lowerBound.Cut, maxBound.Cut) switch
        {
            CutOrder.EqualOrAfter => lowerBound,
            CutOrder.Before => maxCut,
            _ => maxBound,
        };
    }

    /// <summary>The newest recorded cut at or before the bound everywhere.</summary>
    private static RetentionCut? LatestBefore(IReadOnlyList<RetentionCut> set, RetentionCut bound,
        Func<IReadOnlyDictionary<long, long>, IReadOnlyDictionary<long, long>, CutOrder> compare) =>
        set.LastOrDefault(c => compare(bound.Cut, c.Cut) == CutOrder.EqualOrAfter);
}
