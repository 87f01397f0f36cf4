using Pravega.Perf.Common;
using Pravega.Perf.Controller.Contracts.V1;
using Pravega.Perf.IntegrationTests.Helpers;
using Pravega.Perf.SegmentStore.Server.AutoScale;
using static Pravega.Perf.IntegrationTests.Helpers.ControllerHarness;

namespace Pravega.Perf.IntegrationTests.Controller;

/// <summary>
/// The whole auto-scale loop with second-scale timers: the store measures a segment's event rate under its policy,
/// asks the controller to split it when the rate passes the thresholds, and, once the traffic stops, the two idle
/// halves ask to merge and do.
/// </summary>
public sealed class AutoScaleTests
{
    private static readonly AutoScaleOptions FastTimers = new()
    {
        Tick = TimeSpan.FromMilliseconds(100),
        WindowUnit = TimeSpan.FromMilliseconds(150),
        Cooldown = TimeSpan.Zero,
        Mute = TimeSpan.FromMilliseconds(500),
        CacheExpiry = TimeSpan.FromHours(1),
    };

    [Fact]
    public async Task A_hot_segment_splits_and_the_idle_halves_merge_back()
    {
        await using var h = await ControllerHarness.StartAsync(FastTimers);
        await h.CreateScopeAsync("sc");
        var policy = new ScalingPolicy { ScaleType = ScalingPolicy.Types.ScalingPolicyType.ByRateInEventsPerSec, TargetRate = 20, ScaleFactor = 2, MinNumSegments = 1 };
        await h.CreateStreamAsync("sc", "s", 1, policy);
        await using var client = await h.Store.ConnectAsync();
        var writer = Uuid.NewRandom();
        await client.SetupAppendAsync(writer, "sc/s/0.#epoch.0", client.NextRequestId());

        // About 400 events/s, 20× the target, until the controller splits the segment.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        long eventNumber = 0;
        var sealedUnderUs = false;
        while (!sealedUnderUs && (await h.CurrentSegmentsAsync("sc", "s")).Count == 1)
        {
            Assert.True(DateTime.UtcNow < deadline, "no split within 30 s");
            for (var i = 0; i < 4; i++)
            {
                client.Append(writer, ++eventNumber, "hot"u8);
            }
            await client.FlushAsync();
            for (var i = 0; i < 4; i++)
            {
                var reply = await client.ReceiveAsync();
                if (reply.Type == Wire.WireCommandType.SegmentIsSealed)
                {
                    // The split sealed the segment: the store drops this writer's later appends without a reply.
                    sealedUnderUs = true;
                    break;
                }
            }
            await Task.Delay(10, Token);
        }
        // The new epoch is current before the old segment is sealed, so a writer refused by the seal sees the split.
        var split = await h.CurrentSegmentsAsync("sc", "s");
        Assert.Equal(2, split.Count);
        Assert.Equal(1, Pravega.Perf.Common.Naming.NameUtils.GetEpoch(split[0].SegmentId.SegmentId_));

        // No more traffic: both halves fall under the target and ask to merge.
        while ((await h.CurrentSegmentsAsync("sc", "s")).Count != 1)
        {
            Assert.True(DateTime.UtcNow < deadline, "no merge within 30 s");
            await Task.Delay(100, Token);
        }
        var merged = Assert.Single(await h.CurrentSegmentsAsync("sc", "s"));
        Assert.Equal((0.0, 1.0), (merged.MinKey, merged.MaxKey));
        Assert.Equal(2, Pravega.Perf.Common.Naming.NameUtils.GetEpoch(merged.SegmentId.SegmentId_));
    }
}
