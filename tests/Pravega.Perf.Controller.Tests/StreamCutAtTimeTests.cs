using System.Buffers.Binary;
using Pravega.Perf.Common.Naming;
using Pravega.Perf.Controller.Model;
using Pravega.Perf.Controller.Tests.Fakes;

namespace Pravega.Perf.Controller.Tests;

/// <summary>The StreamCut for a time from fake <c>#index</c> segments, across a scale.</summary>
public sealed class StreamCutAtTimeTests
{
    private static CancellationToken Token => TestController.Token;

    /// <summary>Gives a segment an index of (offset, time) entries and the matching length.</summary>
    private static void Index(InMemoryStreamSegments segments, string segment, params (long Offset, long Time)[] entries)
    {
        var bytes = new byte[entries.Length * 24];
        for (var i = 0; i < entries.Length; i++)
        {
            BinaryPrimitives.WriteInt64BigEndian(bytes.AsSpan(i * 24), entries[i].Offset);
            BinaryPrimitives.WriteInt64BigEndian(bytes.AsSpan((i * 24) + 8), i + 1);
            BinaryPrimitives.WriteInt64BigEndian(bytes.AsSpan((i * 24) + 16), entries[i].Time);
        }
        var index = NameUtils.GetIndexSegmentName(segment);
        segments.Segments[index] = new InMemoryStreamSegments.Segment { Length = bytes.Length };
        segments.Data[index] = bytes;
        segments.Segments[segment].Length = entries.Length == 0 ? 0 : entries[^1].Offset;
    }

    [Fact]
    public async Task Each_segment_is_cut_after_the_last_indexed_append_before_the_time()
    {
        var c = await TestController.StartWithScopeAsync();
        await c.Runtime.Streams.CreateStreamAsync("scope", "s", StreamConfiguration.Fixed(2), Token);
        Index(c.Segments, "scope/s/0.#epoch.0", (10, 100), (20, 200), (30, 300), (40, 400));
        Index(c.Segments, "scope/s/1.#epoch.0", (7, 150), (9, 350));
        var at = c.Runtime.StreamCutAtTime;
        Assert.Equal(new Dictionary<long, long> { [0] = 20, [1] = 7 }, (await at.GetAsync("scope", "s", 250, Token)).Value);
        Assert.Equal(new Dictionary<long, long> { [0] = 20, [1] = 7 }, (await at.GetAsync("scope", "s", 300, Token)).Value);
        Assert.Equal(new Dictionary<long, long> { [0] = 0, [1] = 0 }, (await at.GetAsync("scope", "s", 50, Token)).Value);
        Assert.Equal(new Dictionary<long, long> { [0] = 40, [1] = 9 }, (await at.GetAsync("scope", "s", 999, Token)).Value);
        var head = new Dictionary<long, long> { [0] = 30, [1] = 7 };
        Assert.Equal(OperationStatus.Success, (await c.Runtime.Streams.TruncateStreamAsync("scope", "s", head, Token)).Status);
        Assert.Equal(head, (await at.GetAsync("scope", "s", 250, Token)).Value);
    }

    [Fact]
    public async Task A_time_after_a_scale_uses_the_new_epoch_and_bad_input_has_a_status()
    {
        var c = await TestController.StartWithScopeAsync();
        await c.Runtime.Streams.CreateStreamAsync("scope", "s", StreamConfiguration.Fixed(1), Token);
        var split = await c.Runtime.Streams.ScaleAsync("scope", "s", [0L], [new KeyRange(0, 0.5), new KeyRange(0.5, 1)], 0, Token);
        var view = (await c.Runtime.Streams.GetStreamAsync("scope", "s", Token))!;
        var later = view.Epochs[1].CreationTime + 1000;
        var (a, b) = (split.NewSegments[0].SegmentId, split.NewSegments[1].SegmentId);
        Index(c.Segments, Streams.StreamService.SegmentName("scope", "s", a), (5, later - 10), (8, later + 10));
        var cut = (await c.Runtime.StreamCutAtTime.GetAsync("scope", "s", later, Token)).Value;
        Assert.Equal(new Dictionary<long, long> { [a] = 5, [b] = 0 }, cut);
        Assert.Equal(OperationStatus.Success, (await c.Runtime.Streams.TruncateStreamAsync("scope", "s", cut!, Token)).Status);
        Assert.Equal(cut, (await c.Runtime.StreamCutAtTime.GetAsync("scope", "s", view.Epochs[0].CreationTime, Token)).Value);
        Assert.Equal(OperationStatus.InvalidArgument, (await c.Runtime.StreamCutAtTime.GetAsync("scope", "s", -1, Token)).Status);
        Assert.Equal(OperationStatus.StreamNotFound, (await c.Runtime.StreamCutAtTime.GetAsync("scope", "nope", 0, Token)).Status);
    }
}
