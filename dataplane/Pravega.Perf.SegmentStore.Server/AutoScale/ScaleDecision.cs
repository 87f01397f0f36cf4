namespace Pravega.Perf.SegmentStore.Server.AutoScale;

/// <summary>A request to the controller: split (<see cref="Splits"/> pieces) or merge the segment.</summary>
internal readonly record struct ScaleDecision(bool Up, int Splits, bool Silent);

/// <summary>Pravega's thresholds (reference §1.7, <c>AutoScaleProcessor</c>), as a pure function of the rates and the age.</summary>
internal static class ScaleThresholds
{
    /// <summary>
    /// Up if the 2-window rate passed 5× the target (after 2 units), the 5-window 2× (after 5) or the 10-window 1×
    /// (after 10), into <c>max(2, (int)(max rate / target))</c> pieces; down if every window is under the target and
    /// the 20-window under half of it, after 20 units; otherwise nothing.
    /// </summary>
    public static ScaleDecision? Decide(double[] rates, int target, TimeSpan age, TimeSpan unit)
    {
        var (r2, r5, r10, r20) = (rates[0], rates[1], rates[2], rates[3]);
        if ((r2 > 5.0 * target && age > 2 * unit) || (r5 > 2.0 * target && age > 5 * unit) || (r10 > target && age > 10 * unit))
        {
            return new ScaleDecision(true, Math.Max(2, (int)(Math.Max(r2, Math.Max(r5, r10)) / target)), false);
        }
        if (r2 < target && r5 < target && r10 < target && r20 < target / 2.0 && age > 20 * unit)
        {
            return new ScaleDecision(false, 0, false);
        }
        return null;
    }
}
