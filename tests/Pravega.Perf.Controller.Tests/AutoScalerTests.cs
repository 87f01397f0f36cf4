using Pravega.Perf.Controller.Model;
using Pravega.Perf.Controller.Scaling;
using Pravega.Perf.Controller.Tests.Fakes;

namespace Pravega.Perf.Controller.Tests;

public sealed class AutoScalerTests
{
    private static CancellationToken Token => TestController.Token;

    private static long Now => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    private static StreamConfiguration ByEvents(int minSegments, int scaleFactor) =>
        new(new ScalingPolicy(ScaleType.ByRateInEventsPerSec, 100, scaleFactor, minSegments), null, [], 0, 0);

    [Fact]
    public async Task A_hot_segment_splits_into_at_most_scale_factor_pieces_and_a_fixed_stream_ignores_requests()
    {
        var c = await TestController.StartWithScopeAsync();
        await c.Runtime.Streams.CreateStreamAsync("scope", "s", ByEvents(1, 3), Token);
        var outcome = await c.Runtime.AutoScaler.HandleAsync(new AutoScaleRequest("scope", "s", 0, ScaleDirection.Up, Now, 10, false), Token);
        Assert.Equal(AutoScaleOutcome.Scaled, outcome);
        var view = (await c.Runtime.Streams.GetStreamAsync("scope", "s", Token))!;
        Assert.Equal(3, view.ActiveSegments.Count);
        await c.Runtime.Streams.CreateStreamAsync("scope", "f", StreamConfiguration.Fixed(1), Token);
        Assert.Equal(AutoScaleOutcome.Ignored, await c.Runtime.AutoScaler.HandleAsync(new AutoScaleRequest("scope", "f", 0, ScaleDirection.Up, Now, 2, false), Token));
        Assert.Equal(AutoScaleOutcome.StreamNotFound, await c.Runtime.AutoScaler.HandleAsync(new AutoScaleRequest("scope", "x", 0, ScaleDirection.Up, Now, 2, false), Token));
        Assert.Equal(AutoScaleOutcome.Ignored,
            await c.Runtime.AutoScaler.HandleAsync(new AutoScaleRequest("scope", "s", 0, ScaleDirection.Up, Now - (long)TimeSpan.FromHours(1).TotalMilliseconds, 2, false), Token));
    }

    [Fact]
    public async Task Cold_neighbours_merge_but_never_below_the_minimum()
    {
        var c = await TestController.StartWithScopeAsync();
        await c.Runtime.Streams.CreateStreamAsync("scope", "s", ByEvents(1, 2), Token);
        await c.Runtime.AutoScaler.HandleAsync(new AutoScaleRequest("scope", "s", 0, ScaleDirection.Up, Now, 2, false), Token);
        var split = (await c.Runtime.Streams.GetStreamAsync("scope", "s", Token))!.ActiveSegments;
        Assert.Equal(AutoScaleOutcome.Ignored, await c.Runtime.AutoScaler.HandleAsync(new AutoScaleRequest("scope", "s", split[0].SegmentId, ScaleDirection.Down, Now, 0, false), Token));
        Assert.Equal(AutoScaleOutcome.Scaled, await c.Runtime.AutoScaler.HandleAsync(new AutoScaleRequest("scope", "s", split[1].SegmentId, ScaleDirection.Down, Now, 0, false), Token));
        var merged = Assert.Single((await c.Runtime.Streams.GetStreamAsync("scope", "s", Token))!.ActiveSegments);
        Assert.Equal(new KeyRange(0, 1), merged.Range);
        Assert.Equal(AutoScaleOutcome.Ignored, await c.Runtime.AutoScaler.HandleAsync(new AutoScaleRequest("scope", "s", merged.SegmentId, ScaleDirection.Down, Now, 0, false), Token));
    }
}
