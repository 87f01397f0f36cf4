namespace Pravega.Perf.Controller.Model;

/// <summary>A half-open slice [<see cref="Low"/>, <see cref="High"/>) of the routing-key space [0, 1).</summary>
public readonly record struct KeyRange(double Low, double High)
{
    /// <summary>Whether the two ranges share any key.</summary>
    public bool Overlaps(KeyRange other) => Low < other.High && other.Low < High;

    /// <summary>Whether a set of ranges is disjoint and covers [lo, hi) exactly (no gap, no overlap).</summary>
    public static bool CoversExactly(IEnumerable<KeyRange> ranges, double low, double high)
    {
        var sorted = ranges.OrderBy(r => r.Low).ToList();
        if (sorted.Count == 0 || sorted.Any(r => !(r.Low < r.High)))
        {
            return false;
        }
        var at = low;
        foreach (var range in sorted)
        {
            if (range.Low != at)
            {
                return false;
            }
            at = range.High;
        }
        return at == high;
    }

    /// <summary><paramref name="count"/> equal ranges over [low, high); the last ends exactly at <paramref name="high"/>.</summary>
    public static IReadOnlyList<KeyRange> Split(double low, double high, int count)
    {
        var ranges = new KeyRange[count];
        var width = (high - low) / count;
        for (var i = 0; i < count; i++)
        {
            ranges[i] = new KeyRange(i == 0 ? low : low + (width * i), i == count - 1 ? high : low + (width * (i + 1)));
        }
        return ranges;
    }

    public override string ToString() => $"[{Low}, {High})";
}
