using System.Diagnostics;
using Grpc.Core;
using Pravega.Perf.Client;
using Pravega.Perf.Client.Admin;
using Pravega.Perf.Client.Readers;
using Pravega.Perf.Client.Streams;
using Pravega.Perf.Client.Writers;
using Pravega.Perf.Controller.Contracts.V1;
using Pravega.Perf.IntegrationTests.Helpers;
using static Pravega.Perf.IntegrationTests.Helpers.ControllerHarness;
using StreamCut = Pravega.Perf.Client.Streams.StreamCut;
using StreamInfo = Pravega.Perf.Controller.Contracts.V1.StreamInfo;

namespace Pravega.Perf.IntegrationTests.Controller;

/// <summary>
/// <c>getStreamCutAt</c> (our <c>StreamCuts</c> gRPC service) against a real segment store's <c>#index</c> segments:
/// a reader group started at the cut for a time reads exactly the events written after it.
/// </summary>
public sealed class StreamCutAtTimeTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private static readonly ScopedStream Stream = new("sc", "s");

    private static ClientConfig ConfigOf(ControllerHarness h) => new() { ControllerUri = new Uri($"tcp://127.0.0.1:{h.Controller.Address!.Port}") };

    private static async Task WriteAsync(ClientConfig config, string batch, int count)
    {
        await using var writer = await EventStreamWriter<string>.CreateAsync(config, Stream, new Utf8StringSerializer(), Token);
        await Task.WhenAll(Enumerable.Range(0, count).Select(i => writer.WriteEventAsync("key-" + (i % 5), $"{batch}-{i}", Token)));
    }

    /// <summary>Waits until the cut for "now" is the tail: every byte written so far is indexed with an earlier time.</summary>
    private static async Task WaitUntilIndexedAsync(ControllerHarness h, StreamManager manager)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var cut = await manager.GetStreamCutAtAsync("sc", "s", DateTimeOffset.UtcNow, Token);
            var tail = (await manager.GetStreamInfoAsync("sc", "s", Token)).TailStreamCut;
            if (cut.SameAs(tail))
            {
                return;
            }
            Assert.True(deadline.Elapsed < Deadline, "the segment store never indexed the first batch");
            await Task.Delay(20, Token);
        }
    }

    /// <summary>A stream of 3 segments with 60 events before the returned time and 40 after it, every "before" byte indexed first.</summary>
    private static async Task<(ClientConfig Config, DateTimeOffset Time)> BeforeAndAfterAsync(ControllerHarness h, StreamManager manager)
    {
        await h.CreateScopeAsync("sc");
        await h.CreateStreamAsync("sc", "s", 3);
        var config = ConfigOf(h);
        await WriteAsync(config, "before", 60);
        await WaitUntilIndexedAsync(h, manager);
        // The time is taken once every earlier byte is indexed with an earlier time; later appends get later ones.
        var time = DateTimeOffset.UtcNow;
        while (DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() <= time.ToUnixTimeMilliseconds())
        {
            await Task.Delay(1, Token);
        }
        await WriteAsync(config, "after", 40);
        return (config, time);
    }

    /// <summary>Reads group <paramref name="group"/> until the 40 "after" events are in and a short wait shows nothing follows.</summary>
    private static async Task AssertReadsExactlyTheAfterEventsAsync(ClientConfig config, string group)
    {
        await using var factory = EventStreamClientFactory.WithScope("sc", config);
        await using var reader = await factory.CreateReaderAsync("r", group, new Utf8StringSerializer(), Token);
        var read = new List<string>();
        while (true)
        {
            // Once all 40 are in, a short wait proves nothing else follows.
            var next = await reader.ReadNextEventAsync(read.Count < 40 ? TimeSpan.FromSeconds(20) : TimeSpan.FromMilliseconds(500), Token);
            if (next.HasEvent)
            {
                read.Add(next.Event!);
            }
            else if (!next.IsCheckpoint)
            {
                break;
            }
        }
        Assert.Equal(Enumerable.Range(0, 40).Select(i => $"after-{i}").Order(), read.Order());
    }

    [Fact]
    public async Task A_reader_group_started_at_the_cut_for_a_time_reads_exactly_the_events_written_after_it()
    {
        await using var h = await ControllerHarness.StartAsync();
        await using var manager = new StreamManager(ConfigOf(h));
        var (config, time) = await BeforeAndAfterAsync(h, manager);

        var cut = await manager.GetStreamCutAtAsync("sc", "s", time, Token);
        Check.Equal(3, cut.Positions.Count, "segments in the cut");
        Assert.All(cut.Positions.Values, offset => Assert.True(offset > 0, "each segment had events before the time"));
        await using (var groups = ReaderGroupManager.WithScope("sc", config))
        {
            var groupConfig = ReaderGroupConfig.ForStream(Stream, cut, StreamCut.Unbounded(Stream)) with { GroupRefreshTime = TimeSpan.FromMilliseconds(100) };
            Assert.True(await groups.CreateReaderGroupAsync("g", groupConfig, Token));
        }
        await AssertReadsExactlyTheAfterEventsAsync(config, "g");
    }

    [Fact]
    public async Task A_reader_group_configured_to_start_at_a_time_records_the_cut_for_it_and_reads_only_later_events()
    {
        await using var h = await ControllerHarness.StartAsync();
        await using var manager = new StreamManager(ConfigOf(h));
        var (config, time) = await BeforeAndAfterAsync(h, manager);

        await using (var groups = ReaderGroupManager.WithScope("sc", config))
        {
            var groupConfig = ReaderGroupConfig.ForStream(Stream).StartingAtTime(time) with { GroupRefreshTime = TimeSpan.FromMilliseconds(100) };
            Assert.True(await groups.CreateReaderGroupAsync("g", groupConfig, Token));
            // The controller holds the resolved cut, not the time: the same positions as asking for the cut directly.
            var recorded = await h.Client.getReaderGroupConfigAsync(new ReaderGroupInfo { Scope = "sc", ReaderGroup = "g" }, cancellationToken: Token);
            var expected = await manager.GetStreamCutAtAsync("sc", "s", time, Token);
            Assert.Equal(expected.Positions.ToDictionary(p => p.Key.SegmentId, p => p.Value),
                recorded.Config.StartingStreamCuts.Single().Cut.ToDictionary(kv => kv.Key, kv => kv.Value));
        }
        await AssertReadsExactlyTheAfterEventsAsync(config, "g");
    }

    [Fact]
    public async Task Resetting_a_reader_group_to_a_time_makes_its_readers_start_at_the_cut_for_it()
    {
        await using var h = await ControllerHarness.StartAsync();
        await using var manager = new StreamManager(ConfigOf(h));
        var (config, time) = await BeforeAndAfterAsync(h, manager);

        await using (var groups = ReaderGroupManager.WithScope("sc", config))
        {
            var fromHead = ReaderGroupConfig.ForStream(Stream) with { GroupRefreshTime = TimeSpan.FromMilliseconds(100) };
            Assert.True(await groups.CreateReaderGroupAsync("g", fromHead, Token));
            // A start cut and a start time together are refused before the controller records anything.
            var head = (await manager.GetStreamInfoAsync("sc", "s", Token)).HeadStreamCut;
            var both = fromHead with { Streams = [new StreamRange(Stream, head) { StartTime = time }] };
            var refused = await Assert.ThrowsAsync<ArgumentException>(() => groups.CreateReaderGroupAsync("both", both, Token));
            Assert.Contains("both a start cut and a start time", refused.Message, StringComparison.Ordinal);
            await Assert.ThrowsAsync<ReaderGroupNotFoundException>(() => groups.GetReaderGroupAsync("both", Token));
            var group = await groups.GetReaderGroupAsync("g", Token);
            await group.ResetReaderGroupAsync(fromHead.StartingAtTime(time), Token);
        }
        await AssertReadsExactlyTheAfterEventsAsync(config, "g");
    }

    [Fact]
    public async Task Bad_input_is_invalid_argument_or_not_found_with_a_message()
    {
        await using var h = await ControllerHarness.StartAsync();
        await h.CreateScopeAsync("sc");
        await h.CreateStreamAsync("sc", "s", 1);
        var client = new StreamCuts.StreamCutsClient(h.Channel);
        async Task<RpcException> FailsAsync(StreamCutAtTimeRequest request) =>
            await Assert.ThrowsAsync<RpcException>(async () => await client.getStreamCutAtAsync(request, cancellationToken: Token));

        var missing = await FailsAsync(new StreamCutAtTimeRequest { TimestampMs = 1 });
        Assert.Equal((StatusCode.InvalidArgument, "streamInfo is required"), (missing.StatusCode, missing.Status.Detail));
        var noStream = await FailsAsync(new StreamCutAtTimeRequest { StreamInfo = new StreamInfo { Scope = "sc" }, TimestampMs = 1 });
        Assert.Equal((StatusCode.InvalidArgument, "streamInfo.stream must not be empty"), (noStream.StatusCode, noStream.Status.Detail));
        var negative = await FailsAsync(new StreamCutAtTimeRequest { StreamInfo = Info("sc", "s"), TimestampMs = -5 });
        Assert.Equal(StatusCode.InvalidArgument, negative.StatusCode);
        Assert.Contains("timestamp", negative.Status.Detail, StringComparison.Ordinal);
        var unknown = await FailsAsync(new StreamCutAtTimeRequest { StreamInfo = Info("sc", "nope"), TimestampMs = 1 });
        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("sc/nope", unknown.Status.Detail, StringComparison.Ordinal);
        var empty = await client.getStreamCutAtAsync(new StreamCutAtTimeRequest { StreamInfo = Info("sc", "s"), TimestampMs = 0 }, cancellationToken: Token);
        Assert.Equal(new Dictionary<long, long> { [0] = 0 }, empty.Cut.ToDictionary(kv => kv.Key, kv => kv.Value));
    }
}
