using Microsoft.Extensions.Logging.Abstractions;
using Pravega.Perf.Controller.Model;
using Pravega.Perf.Controller.Retention;
using Pravega.Perf.Controller.Streams;
using Pravega.Perf.Controller.Tests.Fakes;

namespace Pravega.Perf.Controller.Tests.Retention;

/// <summary>Retention cycles over in-memory metadata and segments, on a clock the test moves.</summary>
public sealed class RetentionServiceTests
{
    private const string Segment0 = "scope/s/0.#epoch.0";

    private static CancellationToken Token => TestController.Token;

    private sealed record Rig(TestController Controller, RetentionService Retention, ManualClock Clock)
    {
        public InMemoryStreamSegments Segments => Controller.Segments;

        public async Task<IReadOnlyDictionary<long, long>> HeadAsync() =>
            StreamService.SegmentsAtHead((await Controller.Runtime.Streams.GetStreamAsync("scope", "s", Token))!)
                .ToDictionary(kv => kv.Key.SegmentId, kv => kv.Value);
    }

    private static async Task<Rig> StartAsync(RetentionPolicy policy, int segments = 1)
    {
        var c = await TestController.StartWithScopeAsync();
        var config = StreamConfiguration.Fixed(segments) with { Retention = policy };
        Assert.Equal(OperationStatus.Success, (await c.Runtime.Streams.CreateStreamAsync("scope", "s", config, Token)).Status);
        var clock = new ManualClock(DateTimeOffset.FromUnixTimeMilliseconds(1_000_000));
        var retention = new RetentionService(c.Store, c.Segments, c.Runtime.Streams, clock, NullLogger<RetentionService>.Instance);
        return new Rig(c, retention, clock);
    }

    [Fact]
    public async Task Size_policy_truncates_at_the_recorded_cut_that_keeps_at_least_min_and_never_again_at_the_same_place()
    {
        var rig = await StartAsync(new RetentionPolicy(RetentionType.Size, 100, long.MaxValue));
        rig.Segments.Append(Segment0, 50);
        Assert.False(await rig.Retention.RunAsync("scope", "s", Token), "50 bytes are below min: nothing to truncate");
        rig.Segments.Append(Segment0, 100);
        Assert.True(await rig.Retention.RunAsync("scope", "s", Token));
        Assert.Equal(50, rig.Segments.Segments[Segment0].Start);
        Assert.Equal(new Dictionary<long, long> { [0] = 50 }, await rig.HeadAsync());
        Assert.False(await rig.Retention.RunAsync("scope", "s", Token), "no new data: the head is already where the policy allows");
        var set = await rig.Retention.GetRetentionSetAsync("scope", "s", Token);
        Assert.Equal([50L, 150L], set.Cuts.Select(c => c.Size)); // an unchanged tail is not recorded twice
    }

    [Fact]
    public async Task Time_policy_truncates_only_data_older_than_min()
    {
        var rig = await StartAsync(new RetentionPolicy(RetentionType.Time, 60_000, long.MaxValue));
        rig.Segments.Append(Segment0, 10);
        Assert.False(await rig.Retention.RunAsync("scope", "s", Token));
        rig.Clock.Advance(TimeSpan.FromSeconds(30));
        rig.Segments.Append(Segment0, 10);
        Assert.False(await rig.Retention.RunAsync("scope", "s", Token), "nothing is a minute old yet");
        rig.Clock.Advance(TimeSpan.FromSeconds(40));
        Assert.True(await rig.Retention.RunAsync("scope", "s", Token));
        Assert.Equal(new Dictionary<long, long> { [0] = 10 }, await rig.HeadAsync());
    }

    [Fact]
    public async Task A_subscriber_cut_holds_truncation_back_until_it_moves()
    {
        var rig = await StartAsync(new RetentionPolicy(RetentionType.Size, 0, long.MaxValue));
        var groups = rig.Controller.Runtime.ReaderGroups;
        var sub = (await groups.CreateReaderGroupAsync(ReaderGroupTests.Config("sub", "s", retention: ReaderGroupRetention.ManualReleaseAtUserStreamCut), Token)).Value!;
        rig.Segments.Append(Segment0, 100);
        Assert.Equal(OperationStatus.Success, await groups.UpdateSubscriberStreamCutAsync("scope", "s", "scope/sub", sub.ReaderGroupId, 0,
            new Dictionary<long, long> { [0] = 0 }, Token));
        Assert.False(await rig.Retention.RunAsync("scope", "s", Token), "min 0 would drop everything, but the subscriber has read nothing");
        Assert.Equal(0, rig.Segments.Segments[Segment0].Start);
        Assert.Equal(OperationStatus.Success, await groups.UpdateSubscriberStreamCutAsync("scope", "s", "scope/sub", sub.ReaderGroupId, 0,
            new Dictionary<long, long> { [0] = 40 }, Token));
        Assert.True(await rig.Retention.RunAsync("scope", "s", Token));
        Assert.Equal(40, rig.Segments.Segments[Segment0].Start);
    }

    [Fact]
    public async Task Sizes_count_the_sealed_segments_of_earlier_epochs()
    {
        var rig = await StartAsync(new RetentionPolicy(RetentionType.Size, 30, long.MaxValue));
        var streams = rig.Controller.Runtime.Streams;
        rig.Segments.Append(Segment0, 100);
        Assert.False(await rig.Retention.RunAsync("scope", "s", Token), "the only recorded cut is the tail, which keeps nothing");
        var split = await streams.ScaleAsync("scope", "s", [0L], [new KeyRange(0, 0.5), new KeyRange(0.5, 1)], 0, Token);
        var (a, b) = (split.NewSegments[0].SegmentId, split.NewSegments[1].SegmentId);
        rig.Segments.Append(StreamService.SegmentName("scope", "s", a), 20);
        rig.Segments.Append(StreamService.SegmentName("scope", "s", b), 20);
        Assert.True(await rig.Retention.RunAsync("scope", "s", Token));
        Assert.Equal(new Dictionary<long, long> { [0] = 100 }, await rig.HeadAsync());
        var set = await rig.Retention.GetRetentionSetAsync("scope", "s", Token);
        Assert.Equal(140L, set.Cuts[^1].Size);
        Assert.Equal(new Dictionary<long, long> { [a] = 20, [b] = 20 }, set.Cuts[^1].Cut);
    }
}
