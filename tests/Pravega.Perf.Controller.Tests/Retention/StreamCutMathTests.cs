using Pravega.Perf.Controller.Model;
using Pravega.Perf.Controller.Retention;
using Pravega.Perf.Controller.Tests.Fakes;

namespace Pravega.Perf.Controller.Tests.Retention;

/// <summary>Order and subscriber lower bound of StreamCuts across a scale (segment 0 split into a and b).</summary>
public sealed class StreamCutMathTests
{
    private static CancellationToken Token => TestController.Token;

    private static async Task<(Streams.StreamView View, long A, long B)> SplitStreamAsync()
    {
        var c = await TestController.StartWithScopeAsync();
        await c.Runtime.Streams.CreateStreamAsync("scope", "s", StreamConfiguration.Fixed(1), Token);
        var split = await c.Runtime.Streams.ScaleAsync("scope", "s", [0L], [new KeyRange(0, 0.5), new KeyRange(0.5, 1)], 0, Token);
        return ((await c.Runtime.Streams.GetStreamAsync("scope", "s", Token))!, split.NewSegments[0].SegmentId, split.NewSegments[1].SegmentId);
    }

    [Fact]
    public async Task Cuts_compare_by_offset_in_a_segment_and_by_epoch_across_segments()
    {
        var (view, a, b) = await SplitStreamAsync();
        var old = new Dictionary<long, long> { [0] = 70 };
        var split = new Dictionary<long, long> { [a] = 0, [b] = 5 };
        var mixed = new Dictionary<long, long> { [a] = 9, [b] = 1 };
        Assert.Equal(CutOrder.Before, StreamCutMath.Compare(view, old, split));
        Assert.Equal(CutOrder.EqualOrAfter, StreamCutMath.Compare(view, split, old));
        Assert.Equal(CutOrder.Overlaps, StreamCutMath.Compare(view, split, mixed));
        Assert.True(StreamCutMath.IsStrictlyAfter(view, split, old));
        Assert.False(StreamCutMath.IsStrictlyAfter(view, split, split), "a cut is not strictly after itself");
    }

    [Fact]
    public async Task The_lower_bound_takes_the_earliest_position_of_any_subscriber_on_each_key()
    {
        var (view, a, b) = await SplitStreamAsync();
        var first = new Dictionary<long, long> { [a] = 10, [b] = 5 };
        var second = new Dictionary<long, long> { [a] = 3, [b] = 8 };
        Assert.Equal(new Dictionary<long, long> { [a] = 3, [b] = 5 }, StreamCutMath.LowerBound(view, [first, second], []));
        var lagging = new Dictionary<long, long> { [0] = 40 };
        Assert.Equal(lagging, StreamCutMath.LowerBound(view, [first, lagging], []));
        Assert.Null(StreamCutMath.LowerBound(view, [], []));
    }

    [Fact]
    public async Task Subscribers_in_different_epochs_on_neighbouring_keys_fall_back_to_a_recorded_cut_all_of_them_passed()
    {
        // Epoch 0: s0 [0, .5), s1 [.5, 1); epoch 1 splits s1 into c, d; epoch 2 merges them into e; epoch 3 splits e into f, g.
        var c = await TestController.StartWithScopeAsync();
        var streams = c.Runtime.Streams;
        await streams.CreateStreamAsync("scope", "s", StreamConfiguration.Fixed(2), Token);
        var halves = new[] { new KeyRange(0.5, 0.75), new KeyRange(0.75, 1) };
        var split = (await streams.ScaleAsync("scope", "s", [1L], halves, 0, Token)).NewSegments;
        var e = (await streams.ScaleAsync("scope", "s", [split[0].SegmentId, split[1].SegmentId], [new KeyRange(0.5, 1)], 0, Token)).NewSegments[0].SegmentId;
        var g = (await streams.ScaleAsync("scope", "s", [e], halves, 0, Token)).NewSegments[1].SegmentId;
        var view = (await streams.GetStreamAsync("scope", "s", Token))!;
        var merged = new Dictionary<long, long> { [0] = 1, [e] = 5 };
        var mixed = new Dictionary<long, long> { [0] = 1, [split[0].SegmentId] = 3, [g] = 4 };
        // Per key the earliest positions are s0@1, c@3 and e@5, and c overlaps e: not a cut.
        var recorded = new Dictionary<long, long> { [0] = 1, [1] = 2 };
        var later = new Dictionary<long, long> { [0] = 9, [1] = 9 };
        var head = new Dictionary<long, long> { [0] = 0, [1] = 0 };
        Assert.Equal(recorded, StreamCutMath.LowerBound(view, [merged, mixed], [head, recorded, later]));
    }
}
