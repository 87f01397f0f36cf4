using Pravega.Perf.Common.Naming;
using Pravega.Perf.Controller.Model;
using Pravega.Perf.Controller.Streams;
using Pravega.Perf.Controller.Tests.Fakes;

namespace Pravega.Perf.Controller.Tests;

public sealed class StreamWorkflowTests
{
    private static CancellationToken Token => TestController.Token;

    [Fact]
    public async Task A_created_stream_has_equal_ranges_in_epoch_zero_and_a_mark_stream()
    {
        var c = await TestController.StartWithScopeAsync();
        var result = await c.Runtime.Streams.CreateStreamAsync("scope", "s", StreamConfiguration.Fixed(3), Token);
        Assert.Equal(OperationStatus.Success, result.Status);
        var view = await c.Runtime.Streams.GetStreamAsync("scope", "s", Token);
        Assert.NotNull(view);
        Assert.Equal([0L, 1L, 2L], view.ActiveSegments.Select(s => s.SegmentId));
        Assert.Equal(0.0, view.ActiveSegments[0].KeyStart);
        Assert.Equal(1.0, view.ActiveSegments[2].KeyEnd);
        Assert.True(KeyRange.CoversExactly(view.ActiveSegments.Select(s => s.Range), 0, 1));
        foreach (var segment in view.ActiveSegments)
        {
            Assert.True(c.Segments.Segments.ContainsKey(NameUtils.GetQualifiedStreamSegmentName("scope", "s", segment.SegmentId)));
        }
        Assert.True(c.Segments.Segments.ContainsKey("scope/_MARKs/0.#epoch.0"), "the mark stream's segment exists");
        Assert.NotNull(await c.Runtime.Streams.GetStreamAsync("scope", "_MARKs", Token));
    }

    [Fact]
    public async Task Creating_a_stream_reports_each_documented_failure()
    {
        var c = await TestController.StartWithScopeAsync();
        Assert.Equal(OperationStatus.Success, (await c.Runtime.Streams.CreateStreamAsync("scope", "s", StreamConfiguration.Fixed(1), Token)).Status);
        Assert.Equal(OperationStatus.StreamExists, (await c.Runtime.Streams.CreateStreamAsync("scope", "s", StreamConfiguration.Fixed(2), Token)).Status);
        Assert.Equal(OperationStatus.ScopeNotFound, (await c.Runtime.Streams.CreateStreamAsync("nope", "s", StreamConfiguration.Fixed(1), Token)).Status);
        Assert.Equal(OperationStatus.InvalidName, (await c.Runtime.Streams.CreateStreamAsync("scope", "bad/name", StreamConfiguration.Fixed(1), Token)).Status);
        Assert.Equal(OperationStatus.InvalidName, (await c.Runtime.Streams.CreateStreamAsync("scope", "_internal", StreamConfiguration.Fixed(1), Token)).Status);
        var invalid = await c.Runtime.Streams.CreateStreamAsync("scope", "t", StreamConfiguration.Fixed(0), Token);
        Assert.Equal(OperationStatus.InvalidArgument, invalid.Status);
        Assert.Contains("minNumSegments", invalid.Message, StringComparison.Ordinal);
        Assert.Null(await c.Runtime.Streams.GetStreamAsync("scope", "t", Token));
    }

    [Fact]
    public async Task A_split_creates_numbered_successors_and_seals_the_segment_with_its_size()
    {
        var c = await TestController.StartWithScopeAsync();
        await c.Runtime.Streams.CreateStreamAsync("scope", "s", StreamConfiguration.Fixed(1), Token);
        c.Segments.Append("scope/s/0.#epoch.0", 100);
        var outcome = await c.Runtime.Streams.ScaleAsync("scope", "s", [0L], [new KeyRange(0, 0.5), new KeyRange(0.5, 1)], 0, Token);
        Assert.Equal(OperationStatus.Success, outcome.Status);
        Assert.Equal(0, outcome.Epoch);
        Assert.Equal([NameUtils.ComputeSegmentId(1, 1), NameUtils.ComputeSegmentId(2, 1)], outcome.NewSegments.Select(s => s.SegmentId));
        var view = (await c.Runtime.Streams.GetStreamAsync("scope", "s", Token))!;
        Assert.Equal(1, view.Head.CurrentEpoch);
        Assert.True(c.Segments.Segments["scope/s/0.#epoch.0"].Sealed);
        var successors = view.Successors(0);
        Assert.Equal(2, successors.Count);
        Assert.All(successors.Values, p => Assert.Equal([0L], p));
        Assert.Empty(view.Successors(outcome.NewSegments[0].SegmentId));
        Assert.Equal(100, (await c.Runtime.Streams.GetSealedSizesAsync("scope", "s", 0, Token))[0]);
        Assert.Equal(ScaleProgress.Success, await c.Runtime.Streams.CheckScaleAsync("scope", "s", 0, Token));
        Assert.Equal(ScaleProgress.InProgress, await c.Runtime.Streams.CheckScaleAsync("scope", "s", 1, Token));
        Assert.Equal(ScaleProgress.InvalidInput, await c.Runtime.Streams.CheckScaleAsync("scope", "s", 2, Token));
    }

    [Fact]
    public async Task A_merge_lists_both_predecessors_of_the_merged_segment()
    {
        var c = await TestController.StartWithScopeAsync();
        await c.Runtime.Streams.CreateStreamAsync("scope", "s", StreamConfiguration.Fixed(1), Token);
        await c.Runtime.Streams.UpdateStreamAsync("scope", "s", new StreamConfiguration(new ScalingPolicy(ScaleType.ByRateInEventsPerSec, 10, 2, 1), null, [], 0, 0), Token);
        await c.Runtime.Streams.ScaleAsync("scope", "s", [0L], [new KeyRange(0, 0.5), new KeyRange(0.5, 1)], 0, Token);
        var split = (await c.Runtime.Streams.GetStreamAsync("scope", "s", Token))!.ActiveSegments.Select(s => s.SegmentId).ToList();
        var merge = await c.Runtime.Streams.ScaleAsync("scope", "s", split, [new KeyRange(0, 1)], 0, Token);
        Assert.Equal(OperationStatus.Success, merge.Status);
        var view = (await c.Runtime.Streams.GetStreamAsync("scope", "s", Token))!;
        var merged = Assert.Single(view.ActiveSegments);
        Assert.Equal(NameUtils.ComputeSegmentId(3, 2), merged.SegmentId);
        foreach (var id in split)
        {
            var successor = Assert.Single(view.Successors(id));
            Assert.Equal(merged, successor.Key);
            Assert.Equal(split.Order(), successor.Value.Order());
        }
    }

    [Fact]
    public async Task Scale_requests_that_break_the_rules_get_Pravegas_statuses_and_change_nothing()
    {
        var c = await TestController.StartWithScopeAsync();
        await c.Runtime.Streams.CreateStreamAsync("scope", "s", StreamConfiguration.Fixed(2), Token);
        var streams = c.Runtime.Streams;
        Assert.Equal(OperationStatus.PreconditionFailed, (await streams.ScaleAsync("scope", "s", [7L], [new KeyRange(0, 0.5)], 0, Token)).Status);
        Assert.Equal(OperationStatus.InvalidArgument, (await streams.ScaleAsync("scope", "s", [0L], [new KeyRange(0, 0.2), new KeyRange(0.3, 0.5)], 0, Token)).Status);
        Assert.Equal(OperationStatus.InvalidArgument, (await streams.ScaleAsync("scope", "s", [0L], [new KeyRange(0, 0.3), new KeyRange(0.2, 0.5)], 0, Token)).Status);
        Assert.Equal(OperationStatus.PreconditionFailed, (await streams.ScaleAsync("scope", "s", [0L, 1L], [new KeyRange(0, 1)], 0, Token)).Status);
        Assert.Equal(OperationStatus.StreamNotFound, (await streams.ScaleAsync("scope", "missing", [0L], [new KeyRange(0, 0.5)], 0, Token)).Status);
        await streams.SealStreamAsync("scope", "s", Token);
        Assert.Equal(OperationStatus.PreconditionFailed, (await streams.ScaleAsync("scope", "s", [0L], [new KeyRange(0, 0.25), new KeyRange(0.25, 0.5)], 0, Token)).Status);
        Assert.Equal(0, (await streams.GetStreamAsync("scope", "s", Token))!.Head.CurrentEpoch);
    }

    [Fact]
    public async Task Seal_then_delete_removes_every_segment_the_stream_ever_had_and_its_metadata()
    {
        var c = await TestController.StartWithScopeAsync();
        var streams = c.Runtime.Streams;
        await streams.CreateStreamAsync("scope", "s", StreamConfiguration.Fixed(1), Token);
        await streams.ScaleAsync("scope", "s", [0L], [new KeyRange(0, 0.5), new KeyRange(0.5, 1)], 0, Token);
        Assert.Equal(OperationStatus.StreamNotSealed, (await streams.DeleteStreamAsync("scope", "s", Token)).Status);
        Assert.Equal(OperationStatus.Success, (await streams.SealStreamAsync("scope", "s", Token)).Status);
        Assert.Equal(OperationStatus.Success, (await streams.SealStreamAsync("scope", "s", Token)).Status);
        Assert.Empty((await streams.GetStreamAsync("scope", "s", Token))!.ActiveSegments);
        Assert.Equal(OperationStatus.Success, (await streams.DeleteStreamAsync("scope", "s", Token)).Status);
        Assert.Null(await streams.GetStreamAsync("scope", "s", Token));
        Assert.Null(await streams.GetStreamAsync("scope", "_MARKs", Token));
        Assert.Empty(c.Segments.Segments);
        Assert.Equal(OperationStatus.StreamNotFound, (await streams.DeleteStreamAsync("scope", "s", Token)).Status);
        Assert.Equal(OperationStatus.Success, (await streams.CreateStreamAsync("scope", "s", StreamConfiguration.Fixed(1), Token)).Status);
    }

    [Fact]
    public async Task Changing_a_fixed_count_rescales_to_equal_ranges_and_tag_changes_do_not()
    {
        var c = await TestController.StartWithScopeAsync();
        var streams = c.Runtime.Streams;
        await streams.CreateStreamAsync("scope", "s", StreamConfiguration.Fixed(1), Token);
        Assert.Equal(OperationStatus.Success, (await streams.UpdateStreamAsync("scope", "s", StreamConfiguration.Fixed(4), Token)).Status);
        var view = (await streams.GetStreamAsync("scope", "s", Token))!;
        Assert.Equal(1, view.Head.CurrentEpoch);
        Assert.Equal(4, view.ActiveSegments.Count);
        Assert.True(KeyRange.CoversExactly(view.ActiveSegments.Select(s => s.Range), 0, 1));
        Assert.Equal(OperationStatus.Success, (await streams.UpdateStreamAsync("scope", "s", StreamConfiguration.Fixed(4) with { Tags = ["a", "b"] }, Token)).Status);
        view = (await streams.GetStreamAsync("scope", "s", Token))!;
        Assert.Equal(1, view.Head.CurrentEpoch);
        Assert.Equal(["a", "b"], view.Head.Configuration.Tags);
        await streams.SealStreamAsync("scope", "s", Token);
        Assert.Equal(OperationStatus.StreamSealed, (await streams.UpdateStreamAsync("scope", "s", StreamConfiguration.Fixed(2), Token)).Status);
    }

    [Fact]
    public async Task Truncation_deletes_segments_before_the_cut_truncates_the_cut_and_moves_the_head()
    {
        var c = await TestController.StartWithScopeAsync();
        var streams = c.Runtime.Streams;
        await streams.CreateStreamAsync("scope", "s", StreamConfiguration.Fixed(1), Token);
        c.Segments.Append("scope/s/0.#epoch.0", 50);
        var split = await streams.ScaleAsync("scope", "s", [0L], [new KeyRange(0, 0.5), new KeyRange(0.5, 1)], 0, Token);
        var (a, b) = (split.NewSegments[0].SegmentId, split.NewSegments[1].SegmentId);
        c.Segments.Append(StreamService.SegmentName("scope", "s", a), 30);
        var cut = new Dictionary<long, long> { [a] = 10, [b] = 0 };
        Assert.Equal(OperationStatus.Success, (await streams.TruncateStreamAsync("scope", "s", cut, Token)).Status);
        Assert.False(c.Segments.Segments.ContainsKey("scope/s/0.#epoch.0"));
        Assert.Equal(10, c.Segments.Segments[StreamService.SegmentName("scope", "s", a)].Start);
        var view = (await streams.GetStreamAsync("scope", "s", Token))!;
        Assert.Equal(cut, StreamService.SegmentsAtHead(view).ToDictionary(kv => kv.Key.SegmentId, kv => kv.Value));
        Assert.Equal(OperationStatus.InvalidArgument, (await streams.TruncateStreamAsync("scope", "s", new Dictionary<long, long> { [a] = 5, [b] = 0 }, Token)).Status);
        Assert.Equal(OperationStatus.InvalidArgument, (await streams.TruncateStreamAsync("scope", "s", new Dictionary<long, long> { [a] = 20 }, Token)).Status);
        Assert.Equal(OperationStatus.InvalidArgument, (await streams.TruncateStreamAsync("scope", "s", new Dictionary<long, long> { [0] = 0 }, Token)).Status);
    }

    [Fact]
    public async Task Segments_between_two_cuts_include_the_segments_that_lived_between_them()
    {
        var c = await TestController.StartWithScopeAsync();
        var streams = c.Runtime.Streams;
        await streams.CreateStreamAsync("scope", "s", StreamConfiguration.Fixed(2), Token);
        var split = await streams.ScaleAsync("scope", "s", [0L], [new KeyRange(0, 0.25), new KeyRange(0.25, 0.5)], 0, Token);
        var view = (await streams.GetStreamAsync("scope", "s", Token))!;
        var all = StreamService.SegmentsBetween(view, new Dictionary<long, long>(), new Dictionary<long, long>());
        Assert.Equal(4, all.Count);
        var afterSplit = StreamService.SegmentsBetween(view,
            new Dictionary<long, long> { [split.NewSegments[0].SegmentId] = 0, [split.NewSegments[1].SegmentId] = 0, [1] = 0 }, new Dictionary<long, long>());
        Assert.DoesNotContain(afterSplit, s => s.SegmentId == 0);
        Assert.Equal(3, afterSplit.Count);
        var beforeSplit = StreamService.SegmentsBetween(view, new Dictionary<long, long>(), new Dictionary<long, long> { [0] = 5, [1] = 5 });
        Assert.Equal([0L, 1L], beforeSplit.Select(s => s.SegmentId));
    }
}
