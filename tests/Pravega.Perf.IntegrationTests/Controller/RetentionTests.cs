using System.Diagnostics;
using Pravega.Perf.Client;
using Pravega.Perf.Client.Streams;
using Pravega.Perf.Client.Writers;
using Pravega.Perf.Controller;
using Pravega.Perf.Controller.Contracts.V1;
using Pravega.Perf.IntegrationTests.Helpers;
using static Pravega.Perf.IntegrationTests.Helpers.ControllerHarness;
using RetentionPolicy = Pravega.Perf.Controller.Contracts.V1.RetentionPolicy;
using StreamCut = Pravega.Perf.Controller.Contracts.V1.StreamCut;

namespace Pravega.Perf.IntegrationTests.Controller;

/// <summary>
/// The retention job with a short period over real gRPC and a real segment store, on a one-segment stream of 108-byte
/// events (8-byte header + 100 bytes). Every sample of the head is checked against what the policy allows at that
/// moment, so "nothing more" holds at every instant, not only at the end.
/// </summary>
public sealed class RetentionTests
{
    private const int EventSize = 108;
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private static readonly ScopedStream Stream = new("sc", "s");

    private static async Task<ControllerHarness> StartAsync(RetentionPolicy.Types.RetentionPolicyType type, long min)
    {
        var h = await ControllerHarness.StartAsync(options: new ControllerOptions { RetentionPeriod = TimeSpan.FromMilliseconds(100) });
        await h.CreateScopeAsync("sc");
        var config = Config("sc", "s", 1);
        config.RetentionPolicy = new RetentionPolicy { RetentionType = type, RetentionParam = min, RetentionMax = long.MaxValue };
        Assert.Equal(CreateStreamStatus.Types.Status.Success, (await h.Client.createStreamAsync(config, cancellationToken: Token)).Status);
        return h;
    }

    private static ClientConfig ConfigOf(ControllerHarness h) => new() { ControllerUri = new Uri($"tcp://127.0.0.1:{h.Controller.Address!.Port}") };

    private static async Task WriteAsync(ControllerHarness h, int from, int count)
    {
        await using var writer = await EventStreamWriter<string>.CreateAsync(ConfigOf(h), Stream, new Utf8StringSerializer(), Token);
        for (var i = from; i < from + count; i++)
        {
            await writer.WriteEventAsync("k", $"{i:D4}".PadRight(100, '.'), Token);
        }
    }

    /// <summary>Where the controller says the stream begins (getSegments, what readers and fetchStreamInfo use).</summary>
    private static async Task<long> HeadAsync(ControllerHarness h)
    {
        var head = await h.Client.getSegmentsAsync(new GetSegmentsRequest { StreamInfo = Info("sc", "s") }, cancellationToken: Token);
        return head.Segments.Single(s => s.SegmentId.SegmentId_ == 0).Offset;
    }

    private static async Task WaitForCyclesAsync(ControllerHarness h, int cycles)
    {
        var job = h.Controller.Retention!;
        var target = job.Cycles + cycles;
        var deadline = Stopwatch.StartNew();
        while (job.Cycles < target)
        {
            Assert.True(deadline.Elapsed < Deadline, $"the retention job ran {job.Cycles} cycles, waiting for {target}");
            await Task.Delay(20, Token);
        }
    }

    /// <summary>Polls the head until it is <paramref name="expected"/>, checking <paramref name="allowed"/> (the most the policy lets go) at each sample.</summary>
    private static async Task WaitForHeadAsync(ControllerHarness h, long expected, Func<Task<long>> allowed)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var head = await HeadAsync(h);
            var limit = await allowed();
            Assert.True(head <= limit, $"retention truncated at {head}, beyond the {limit} bytes its policy allowed then");
            if (head == expected)
            {
                return;
            }
            Assert.True(deadline.Elapsed < Deadline, $"the head is at {head}, expected {expected}");
            await Task.Delay(20, Token);
        }
    }

    [Fact]
    public async Task A_size_policy_keeps_at_least_min_bytes_and_truncates_at_the_recorded_cut_closest_to_min()
    {
        await using var h = await StartAsync(RetentionPolicy.Types.RetentionPolicyType.Size, 1000);
        await WriteAsync(h, 0, 10);
        await WaitForCyclesAsync(h, 3);
        Check.Equal(0L, await HeadAsync(h), "1080 bytes with min 1000: no recorded cut keeps 1000 bytes");
        await WriteAsync(h, 10, 10);
        // 2160 bytes: the cut recorded at 1080 keeps 1080 >= 1000; later cuts (>= 1188) would keep less than min.
        await WaitForHeadAsync(h, 10 * EventSize, async () => (await h.Store.Store.GetSegmentInfoAsync("sc/s/0.#epoch.0", Token)).Length - 1000);
        await WaitForCyclesAsync(h, 3);
        Check.Equal(10L * EventSize, await HeadAsync(h), "the head after more cycles with no new data");
        var info = await h.Store.Store.GetSegmentInfoAsync("sc/s/0.#epoch.0", Token);
        Check.Equal(10L * EventSize, info.StartOffset, "the segment's start offset at the store");
    }

    [Fact]
    public async Task A_time_policy_truncates_only_data_older_than_min()
    {
        const long min = 2000;
        await using var h = await StartAsync(RetentionPolicy.Types.RetentionPolicyType.Time, min);
        var clock = Stopwatch.StartNew();
        // Bytes written by each batch, with when it started: data past a batch's start is younger than (now - start).
        var batches = new List<(long StartMs, long EndSize)>();
        // 5 ms of slack: the controller's times are whole milliseconds.
        Task<long> Allowed() => Task.FromResult(batches.LastOrDefault(b => b.StartMs <= clock.ElapsedMilliseconds + 5 - min).EndSize);
        batches.Add((clock.ElapsedMilliseconds, 5 * EventSize));
        await WriteAsync(h, 0, 5);
        await WaitForHeadAsync(h, 5 * EventSize, Allowed);
        Assert.True(clock.ElapsedMilliseconds >= min - 5, $"the first truncation came after {clock.ElapsedMilliseconds} ms, before min");
        batches.Add((clock.ElapsedMilliseconds, 10 * EventSize));
        await WriteAsync(h, 5, 5);
        await WaitForHeadAsync(h, 10 * EventSize, Allowed);
    }

    [Fact]
    public async Task A_subscribers_acknowledged_cut_holds_truncation_back_until_it_moves()
    {
        await using var h = await StartAsync(RetentionPolicy.Types.RetentionPolicyType.Size, 0);
        var group = new ReaderGroupConfiguration
        {
            Scope = "sc", ReaderGroupName = "sub", GroupRefreshTimeMillis = 3000, AutomaticCheckpointIntervalMillis = 30000,
            MaxOutstandingCheckpointRequest = 3, RetentionType = 1, ReaderGroupId = Guid.NewGuid().ToString(),
        };
        group.StartingStreamCuts.Add(new StreamCut { StreamInfo = Info("sc", "s") });
        group.EndingStreamCuts.Add(new StreamCut { StreamInfo = Info("sc", "s") });
        Assert.Equal(CreateReaderGroupResponse.Types.Status.Success, (await h.Client.createReaderGroupAsync(group, cancellationToken: Token)).Status);
        var acknowledged = 0L;
        async Task AcknowledgeAsync(long offset)
        {
            var cut = new SubscriberStreamCut { Subscriber = "sc/sub", ReaderGroupId = group.ReaderGroupId, Generation = 0, StreamCut = new StreamCut { StreamInfo = Info("sc", "s") } };
            cut.StreamCut.Cut.Add(0, offset);
            Assert.Equal(UpdateSubscriberStatus.Types.Status.Success, (await h.Client.updateSubscriberStreamCutAsync(cut, cancellationToken: Token)).Status);
            acknowledged = offset;
        }

        await AcknowledgeAsync(0);
        await WriteAsync(h, 0, 10);
        await WaitForCyclesAsync(h, 3);
        Check.Equal(0L, await HeadAsync(h), "min 0 lets everything go, but the subscriber acknowledged nothing");
        await AcknowledgeAsync(4 * EventSize);
        await WaitForHeadAsync(h, 4 * EventSize, () => Task.FromResult(acknowledged));
        await WaitForCyclesAsync(h, 3);
        Check.Equal(4L * EventSize, await HeadAsync(h), "the head after more cycles: the subscriber's cut, not the tail");
    }
}
