using Pravega.Perf.Controller.Model;
using Pravega.Perf.Controller.Retention;

namespace Pravega.Perf.Controller.Tests.Retention;

/// <summary>
/// The choice of truncation cut, on a one-segment stream where a cut is an offset of segment 0 and its size equals that
/// offset: the time and size policies with min/max, and the subscriber lower-bound cases of <c>retention.md</c>.
/// </summary>
public sealed class RetentionPolicyCalculatorTests
{
    private const long Now = 100_000;

    private static RetentionCut Cut(long offset, long time) => new(new Dictionary<long, long> { [0] = offset }, time, offset);

    private static CutOrder ByOffset(IReadOnlyDictionary<long, long> a, IReadOnlyDictionary<long, long> b) =>
        a[0] >= b[0] ? CutOrder.EqualOrAfter : CutOrder.Before;

    private static long? Offset(RetentionCut? cut) => cut?.Cut[0];

    /// <summary>Cuts at 100-byte steps, one per second, the last (the tail, 500 bytes) at <see cref="Now"/>.</summary>
    private static readonly IReadOnlyList<RetentionCut> Set = [Cut(100, Now - 4000), Cut(200, Now - 3000), Cut(300, Now - 2000), Cut(400, Now - 1000), Cut(500, Now)];

    [Theory]
    [InlineData(600, long.MaxValue, null)] // the whole stream is below min: nothing
    [InlineData(250, long.MaxValue, 200L)] // keeps 300 >= 250, the least that does
    [InlineData(300, long.MaxValue, 200L)] // keeps exactly min
    [InlineData(0, long.MaxValue, 500L)] // min 0: everything may go
    [InlineData(150, 250, 300L)] // between min and max: as close to min as possible
    public void Size_policy_without_subscribers_truncates_at_the_cut_keeping_least_but_at_least_min(long min, long max, long? expected) =>
        Assert.Equal(expected, Offset(RetentionPolicyCalculator.Choose(new RetentionPolicy(RetentionType.Size, min, max), Set, Now, null, ByOffset)));

    [Theory]
    [InlineData(5000, null)] // nothing is old enough
    [InlineData(2500, 200L)] // recorded 3 s ago: keeps 3 s >= 2.5 s
    [InlineData(1000, 400L)]
    public void Time_policy_without_subscribers_truncates_at_the_newest_cut_at_least_min_old(long min, long? expected) =>
        Assert.Equal(expected, Offset(RetentionPolicyCalculator.Choose(new RetentionPolicy(RetentionType.Time, min, long.MaxValue), Set, Now, null, ByOffset)));

    [Fact]
    public void An_empty_retention_set_truncates_nothing() =>
        Assert.Null(RetentionPolicyCalculator.Choose(new RetentionPolicy(RetentionType.Size, 0, long.MaxValue), [], Now, null, ByOffset));

    [Theory]
    [InlineData(250, 100, long.MaxValue, 250L)] // (i) bound within [min, max]: truncate at the bound
    [InlineData(450, 200, long.MaxValue, 300L)] // (ii) bound keeps less than min: the min cut before it
    [InlineData(50, 100, 300, 200L)] // (iii) bound keeps more than max: the max cut
    [InlineData(0, 0, long.MaxValue, 0L)] // a subscriber at the head holds everything
    public void Size_policy_with_a_subscriber_bound_follows_the_retention_md_cases(long bound, long min, long max, long expected)
    {
        var chosen = RetentionPolicyCalculator.Choose(new RetentionPolicy(RetentionType.Size, min, max), Set, Now, Cut(bound, 0), ByOffset);
        Assert.Equal(expected, Offset(chosen));
    }

    [Fact]
    public void Size_policy_whose_min_cut_overlaps_the_bound_truncates_at_the_latest_cut_before_the_bound()
    {
        // (iv) The min cut (300) neither precedes nor follows the bound (350) on every key: the newest cut wholly before
        // the bound, which keeps more than min.
        CutOrder Compare(IReadOnlyDictionary<long, long> a, IReadOnlyDictionary<long, long> b) =>
            (a[0], b[0]) is (300, 350) or (350, 300) ? CutOrder.Overlaps : ByOffset(a, b);
        var chosen = RetentionPolicyCalculator.Choose(new RetentionPolicy(RetentionType.Size, 200, long.MaxValue), Set, Now, Cut(350, 0), Compare);
        Assert.Equal(200L, Offset(chosen));
    }

    [Theory]
    [InlineData(350, 1000, long.MaxValue, 350L)] // bound older than min and younger than max: the bound
    [InlineData(450, 1000, long.MaxValue, 400L)] // bound past the min cut: the min cut
    [InlineData(150, 1000, 2500, 300L)] // bound keeps data older than max: the max cut
    [InlineData(200, 1000, 3000, 200L)] // bound exactly at the max boundary: the bound
    public void Time_policy_with_a_subscriber_bound_follows_the_retention_md_cases(long bound, long min, long max, long expected)
    {
        var chosen = RetentionPolicyCalculator.Choose(new RetentionPolicy(RetentionType.Time, min, max), Set, Now, Cut(bound, 0), ByOffset);
        Assert.Equal(expected, Offset(chosen));
    }

    [Fact]
    public void Time_policy_whose_min_cut_overlaps_the_bound_truncates_at_the_latest_cut_before_the_bound()
    {
        var chosen = RetentionPolicyCalculator.Choose(new RetentionPolicy(RetentionType.Time, 1000, long.MaxValue), Set, Now, Cut(250, 0),
            (a, b) => a[0] == 400 && b[0] == 250 ? CutOrder.Overlaps : ByOffset(a, b));
        Assert.Equal(200L, Offset(chosen));
    }
}
