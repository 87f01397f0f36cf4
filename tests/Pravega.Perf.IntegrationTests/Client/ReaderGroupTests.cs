using System.Collections.Concurrent;
using Pravega.Perf.Client;
using Pravega.Perf.Client.Admin;
using Pravega.Perf.Client.Readers;
using Pravega.Perf.Client.Streams;
using Pravega.Perf.Client.Writers;
using Pravega.Perf.Controller.Contracts.V1;
using Pravega.Perf.IntegrationTests.Helpers;
using static Pravega.Perf.IntegrationTests.Helpers.ControllerHarness;
using StreamCut = Pravega.Perf.Client.Streams.StreamCut;

namespace Pravega.Perf.IntegrationTests.Client;

/// <summary>Reader groups against a real controller and store: exactly once, per-key order across scaling, checkpoints, offline readers, bounds.</summary>
public sealed class ReaderGroupTests
{
    private static readonly TimeSpan Refresh = TimeSpan.FromMilliseconds(100);
    private static readonly ScopedStream Stream = new("sc", "s");

    private static ClientConfig ConfigOf(ControllerHarness h) => new() { ControllerUri = new Uri($"tcp://127.0.0.1:{h.Controller.Address!.Port}") };

    private static async Task<ControllerHarness> StartWithStreamAsync(int segments)
    {
        var h = await ControllerHarness.StartAsync();
        await h.CreateScopeAsync("sc");
        await h.CreateStreamAsync("sc", "s", segments);
        return h;
    }

    /// <summary>Three writers at once, each owning the keys k with k mod 3 = its number (a key's events come from one writer, in order).</summary>
    private static async Task WriteAsync(ClientConfig config, int from, int to, int keys = 8)
    {
        await Task.WhenAll(Enumerable.Range(0, 3).Select(async w =>
        {
            await using var writer = await EventStreamWriter<string>.CreateAsync(config, Stream, new Utf8StringSerializer(), Token);
            await Task.WhenAll(Enumerable.Range(from, to - from).Where(i => i % keys % 3 == w)
                .Select(i => writer.WriteEventAsync("key-" + (i % keys), $"key-{i % keys}:{i}", Token)));
        }));
    }

    private static async Task CreateGroupAsync(ClientConfig config, string group, ReaderGroupConfig? groupConfig = null)
    {
        await using var manager = ReaderGroupManager.WithScope("sc", config);
        Assert.True(await manager.CreateReaderGroupAsync(group, groupConfig ?? ReaderGroupConfig.ForStream(Stream) with { GroupRefreshTime = Refresh }, Token));
    }

    /// <summary>Reads until <paramref name="count"/> events or <paramref name="idle"/> without one; checkpoints are passed along.</summary>
    private static async Task<List<EventRead<string>>> ReadAsync(EventStreamReader<string> reader, int count, TimeSpan? idle = null)
    {
        var events = new List<EventRead<string>>();
        while (events.Count < count)
        {
            var read = await reader.ReadNextEventAsync(idle ?? TimeSpan.FromSeconds(20), Token);
            if (read.IsReadCompleted || (!read.HasEvent && !read.IsCheckpoint))
            {
                break;
            }
            if (read.HasEvent)
            {
                events.Add(read);
            }
        }
        return events;
    }

    [Fact]
    public async Task Three_readers_read_every_event_once_and_each_key_in_order_across_a_split_and_a_merge()
    {
        await using var h = await StartWithStreamAsync(1);
        var config = ConfigOf(h);
        await CreateGroupAsync(config, "g");
        await using var factory = EventStreamClientFactory.WithScope("sc", config);
        const int total = 900;
        var sequence = 0L;
        var read = new ConcurrentBag<(long Order, string Key, int Index)>();
        var remaining = total;
        var readers = new List<EventStreamReader<string>>();
        for (var r = 0; r < 3; r++)
        {
            readers.Add(await factory.CreateReaderAsync("reader-" + r, "g", new Utf8StringSerializer(), Token));
        }
        var reading = readers.Select(reader => Task.Run(async () =>
        {
            while (Volatile.Read(ref remaining) > 0)
            {
                var e = await reader.ReadNextEventAsync(TimeSpan.FromMilliseconds(200), Token);
                if (e.HasEvent)
                {
                    var parts = e.Event!.Split(':');
                    read.Add((Interlocked.Increment(ref sequence), parts[0], int.Parse(parts[1])));
                    Interlocked.Decrement(ref remaining);
                }
            }
        })).ToList();

        await WriteAsync(config, 0, 300);
        await ScaleAsync(h, [new() { Start = 0, End = 0.3 }, new() { Start = 0.3, End = 0.6 }, new() { Start = 0.6, End = 1 }], sealFirst: true);
        await WriteAsync(config, 300, 600);
        await ScaleAsync(h, [new() { Start = 0, End = 1 }], sealFirst: false);
        await WriteAsync(config, 600, total);
        await Task.WhenAll(reading).WaitAsync(TimeSpan.FromSeconds(60), Token);
        foreach (var reader in readers)
        {
            await reader.DisposeAsync();
        }

        Assert.Equal(total, read.Count);
        Assert.Equal(Enumerable.Range(0, total), read.Select(r => r.Index).Order());
        foreach (var key in read.GroupBy(r => r.Key))
        {
            var inReadOrder = key.OrderBy(r => r.Order).Select(r => r.Index).ToList();
            Assert.Equal(inReadOrder.Order(), inReadOrder);
        }
    }

    /// <summary>Splits the first segment (<paramref name="sealFirst"/>) or merges all current ones into the given ranges.</summary>
    private static async Task ScaleAsync(ControllerHarness h, ScaleRequest.Types.KeyRangeEntry[] ranges, bool sealFirst)
    {
        var current = await h.CurrentSegmentsAsync("sc", "s");
        var request = new ScaleRequest { StreamInfo = Info("sc", "s") };
        request.SealedSegments.AddRange(sealFirst
            ? current.Where(s => s.MinKey == 0).Select(s => s.SegmentId.SegmentId_)
            : current.Select(s => s.SegmentId.SegmentId_));
        request.NewKeyRanges.AddRange(ranges);
        var response = await h.Client.scaleAsync(request, cancellationToken: Token);
        Assert.Equal(ScaleResponse.Types.ScaleStreamStatus.Started, response.Status);
        var status = new ScaleStatusRequest { StreamInfo = Info("sc", "s"), Epoch = response.Epoch };
        for (var i = 0; i < 400 && (await h.Client.checkScaleAsync(status, cancellationToken: Token)).Status == ScaleStatusResponse.Types.ScaleStatus.InProgress; i++)
        {
            await Task.Delay(25, Token);
        }
    }

    [Fact]
    public async Task A_checkpoint_completes_when_every_reader_passed_it_and_a_reset_reads_exactly_what_followed()
    {
        await using var rig = await GroupRig.StartAsync(segments: 3, events: 100);
        var (factory, group) = (rig.Factory, rig.Group);
        await using var a = await rig.ReaderAsync("a");
        await using var b = await rig.ReaderAsync("b");

        var before = new List<string>();
        before.AddRange((await ReadAsync(a, 20)).Select(e => e.Event!));
        before.AddRange((await ReadAsync(b, 20)).Select(e => e.Event!));
        var checkpointing = group.InitiateCheckpointAsync("cp-1", Token);
        Assert.False(checkpointing.IsCompleted);

        // Each reader gets the checkpoint in place of an event, after the events it handed out before it.
        var seen = new Dictionary<string, List<string>> { ["a"] = [], ["b"] = [] };
        foreach (var (name, reader) in new[] { ("a", a), ("b", b) })
        {
            while (true)
            {
                var e = await reader.ReadNextEventAsync(TimeSpan.FromSeconds(20), Token);
                if (e.IsCheckpoint)
                {
                    Assert.Equal("cp-1", e.CheckpointName);
                    break;
                }
                Assert.True(e.HasEvent, "the reader got neither an event nor the checkpoint");
                before.Add(e.Event!);
            }
        }
        Assert.False(checkpointing.IsCompleted);
        var after = new List<string>();
        after.AddRange((await ReadAsync(a, 100, TimeSpan.FromSeconds(1))).Select(e => e.Event!));
        after.AddRange((await ReadAsync(b, 100, TimeSpan.FromSeconds(1))).Select(e => e.Event!));
        var checkpoint = await checkpointing.WaitAsync(TimeSpan.FromSeconds(20), Token);
        Assert.Equal(100, before.Count + after.Count);
        Assert.Empty(before.Intersect(after));

        await group.ResetReaderGroupAsync(ReaderGroupConfig.ForStream(Stream).StartingAt(checkpoint) with { GroupRefreshTime = Refresh }, Token);
        var again = new List<string>();
        again.AddRange((await ReadAsync(a, 100, TimeSpan.FromSeconds(2))).Select(e => e.Event!));
        again.AddRange((await ReadAsync(b, 100, TimeSpan.FromSeconds(1))).Select(e => e.Event!));
        Assert.Equal(after.Order(), again.Order());
    }

    [Fact]
    public async Task Generated_stream_cuts_are_where_the_readers_are_and_no_reader_sees_the_silent_checkpoint()
    {
        await using var rig = await GroupRig.StartAsync(segments: 2, events: 100);
        var (config, group) = (rig.Config, rig.Group);
        await using var reader = await rig.ReaderAsync("r");
        Assert.Equal(100, (await ReadAsync(reader, 100)).Count);

        var generating = group.GenerateStreamCutsAsync(Token);
        while (!generating.IsCompleted)
        {
            var read = await reader.ReadNextEventAsync(TimeSpan.FromMilliseconds(50), Token);
            Assert.False(read.IsCheckpoint, "a silent checkpoint reached the application");
            Assert.False(read.HasEvent);
        }
        var cut = (await generating)[Stream];
        await using var streams = new StreamManager(config);
        var tail = (await streams.GetStreamInfoAsync("sc", "s", Token)).TailStreamCut;
        Assert.True(tail.SameAs(cut), $"generated {string.Join(", ", cut.Positions)}, tail {string.Join(", ", tail.Positions)}");
    }

    [Fact]
    public async Task A_reader_declared_offline_at_its_position_has_its_segments_read_on_by_another_without_loss_or_duplicates()
    {
        await using var rig = await GroupRig.StartAsync(segments: 4, events: 400);
        var group = rig.Group;
        var a = await rig.ReaderAsync("a");
        await using var b = await rig.ReaderAsync("b");

        var fromA = await ReadAsync(a, 50);
        Assert.Equal(50, fromA.Count);
        // "a" crashes: nobody closes it; the application declares it offline at the position of its last event.
        await group.ReaderOfflineAsync("a", fromA[^1].Position, Token);
        Assert.Equal(["b"], await group.GetOnlineReadersAsync(Token));
        // Like Pravega's, a reader learns it was declared offline at its next look at the group state.
        await Task.Delay(Refresh * 2, Token);
        await Assert.ThrowsAsync<ReaderNotInReaderGroupException>(() => ReadAsync(a, 1));
        var fromB = await ReadAsync(b, 400, TimeSpan.FromSeconds(2));
        var all = fromA.Concat(fromB).Select(e => e.Event!).ToList();
        Assert.Equal(400, all.Count);
        Assert.Equal(400, all.Distinct().Count());
        Assert.Equal(0, await group.GetUnreadBytesAsync(Token));
    }

    [Fact]
    public async Task A_bounded_group_stops_exactly_at_its_end_cut_and_a_sealed_stream_ends_the_read()
    {
        await using var h = await StartWithStreamAsync(2);
        var config = ConfigOf(h);
        await WriteAsync(config, 0, 60);
        await using var streams = new StreamManager(config);
        var end = (await streams.GetStreamInfoAsync("sc", "s", Token)).TailStreamCut;
        await WriteAsync(config, 60, 100);
        await CreateGroupAsync(config, "bounded", ReaderGroupConfig.ForStream(Stream, StreamCut.Unbounded(Stream), end) with { GroupRefreshTime = Refresh });
        await using var factory = EventStreamClientFactory.WithScope("sc", config);
        await using (var reader = await factory.CreateReaderAsync("r", "bounded", new Utf8StringSerializer(), Token))
        {
            var events = await ReadAsync(reader, 1000);
            Assert.Equal(Enumerable.Range(0, 60), events.Select(e => int.Parse(e.Event!.Split(':')[1])).Order());
            Assert.True((await reader.ReadNextEventAsync(TimeSpan.FromSeconds(5), Token)).IsReadCompleted);
        }

        await streams.SealStreamAsync("sc", "s", Token);
        await CreateGroupAsync(config, "all");
        await using var whole = await factory.CreateReaderAsync("r", "all", new Utf8StringSerializer(), Token);
        Assert.Equal(100, (await ReadAsync(whole, 1000)).Count);
        Assert.True((await whole.ReadNextEventAsync(TimeSpan.FromSeconds(5), Token)).IsReadCompleted);
    }

    [Fact]
    public async Task Events_of_every_size_read_back_intact_across_read_chunks()
    {
        await using var h = await StartWithStreamAsync(1);
        var config = ConfigOf(h);
        // Sizes up to 64 KiB, about 2.3 MB in all: events straddle the reader's 1 MiB reads. Three are far larger than
        // the 4 MiB the reader keeps buffered, up to Pravega's 8 MiB limit: it must read on until they are whole.
        var random = new Random(42);
        var large = new Dictionary<int, int> { [100] = 5 * 1024 * 1024, [101] = EventStreamWriter<byte[]>.MaxEventSize, [300] = 6 * 1024 * 1024 + 3 };
        var events = Enumerable.Range(0, 600).Select(i =>
        {
            var data = new byte[large.TryGetValue(i, out var size) ? size : i % 50 == 0 ? 64 * 1024 : random.Next(1, 5000)];
            random.NextBytes(data);
            BitConverter.TryWriteBytes(data, i % 50 == 0 || data.Length >= 4 ? i : 0);
            return data;
        }).ToList();
        await using (var writer = await EventStreamWriter<byte[]>.CreateAsync(config, Stream, new ByteArraySerializer(), Token))
        {
            await Task.WhenAll(events.Select(e => writer.WriteEventAsync("k", e, Token)));
        }
        await CreateGroupAsync(config, "g");
        await using var factory = EventStreamClientFactory.WithScope("sc", config);
        await using var reader = await factory.CreateReaderAsync("r", "g", new ByteArraySerializer(), Token);
        for (var i = 0; i < events.Count; i++)
        {
            var read = await reader.ReadNextEventAsync(TimeSpan.FromSeconds(20), Token);
            Assert.True(read.HasEvent, $"event {i} did not arrive");
            Assert.Equal(events[i], read.Event);
        }
    }

    [Fact]
    public async Task A_reader_at_the_tail_gets_an_event_written_while_it_waits()
    {
        await using var h = await StartWithStreamAsync(1);
        var config = ConfigOf(h);
        await CreateGroupAsync(config, "g");
        await using var factory = EventStreamClientFactory.WithScope("sc", config);
        await using var reader = await factory.CreateReaderAsync("r", "g", new Utf8StringSerializer(), Token);
        Assert.False((await reader.ReadNextEventAsync(TimeSpan.FromMilliseconds(300), Token)).HasEvent);
        var waiting = reader.ReadNextEventAsync(TimeSpan.FromSeconds(20), Token);
        await WriteAsync(config, 0, 1);
        var read = await waiting;
        Assert.True(read.HasEvent);
        Assert.Equal("key-0:0", read.Event);
        Assert.Equal(0, read.Pointer!.Value.Offset);
    }

    [Fact]
    public async Task Closing_writers_readers_and_factories_leaves_no_connection_open_at_the_store()
    {
        await using var h = await StartWithStreamAsync(2);
        var config = ConfigOf(h);
        await WriteAsync(config, 0, 50);
        await CreateGroupAsync(config, "g");
        await WaitForConnectionsAsync(h, expected: null);
        // The controller in this process keeps its own connections to the store (metadata): they are the baseline.
        var controllers = h.Store.Server.ConnectionCount;
        await using (var factory = EventStreamClientFactory.WithScope("sc", config))
        {
            await using (var reader = await factory.CreateReaderAsync("r", "g", new Utf8StringSerializer(), Token))
            {
                Assert.Equal(50, (await ReadAsync(reader, 50)).Count);
                // A read waiting at the tail when the reader closes.
                _ = await reader.ReadNextEventAsync(TimeSpan.FromMilliseconds(100), Token);
            }
            await using var writer = await factory.CreateEventWriterAsync("s", new Utf8StringSerializer(), Token);
            await writer.WriteEventAsync("k", "last", Token);
            Assert.Throws<ArgumentException>(() => { _ = writer.WriteEventAsync("k", new string('x', EventStreamWriter<string>.MaxEventSize + 1), Token); });
        }
        await WaitForConnectionsAsync(h, controllers);
        Assert.Equal(controllers, h.Store.Server.ConnectionCount);
    }

    /// <summary>Until the store's connection count is <paramref name="expected"/> (null: stops changing), bounded.</summary>
    private static async Task WaitForConnectionsAsync(ControllerHarness h, int? expected)
    {
        var last = -1;
        for (var i = 0; i < 100; i++)
        {
            var now = h.Store.Server.ConnectionCount;
            if (expected is { } e ? now == e : now == last)
            {
                return;
            }
            last = now;
            await Task.Delay(100, Token);
        }
    }

    [Fact]
    public async Task Misuse_gets_the_documented_exception()
    {
        await using var h = await StartWithStreamAsync(1);
        var config = ConfigOf(h);
        await using var manager = ReaderGroupManager.WithScope("sc", config);
        await using var factory = EventStreamClientFactory.WithScope("sc", config);
        await Assert.ThrowsAsync<ReaderGroupNotFoundException>(() => factory.CreateReaderAsync("r", "missing", new Utf8StringSerializer(), Token));
        await Assert.ThrowsAsync<ArgumentException>(() => manager.CreateReaderGroupAsync("bad/name", ReaderGroupConfig.ForStream(Stream), Token));
        await Assert.ThrowsAsync<ArgumentException>(() => manager.CreateReaderGroupAsync("g", new ReaderGroupConfig(), Token));
        await Assert.ThrowsAsync<InvalidOperationException>(() => manager.CreateReaderGroupAsync("g", ReaderGroupConfig.ForStream(new ScopedStream("sc", "nope")), Token));

        Assert.True(await manager.CreateReaderGroupAsync("g", ReaderGroupConfig.ForStream(Stream) with { GroupRefreshTime = Refresh }, Token));
        Assert.False(await manager.CreateReaderGroupAsync("g", ReaderGroupConfig.ForStream(Stream), Token));
        var reader = await factory.CreateReaderAsync("r", "g", new Utf8StringSerializer(), Token);
        await Assert.ThrowsAsync<InvalidOperationException>(() => factory.CreateReaderAsync("r", "g", new Utf8StringSerializer(), Token));
        using (var cancelled = new CancellationTokenSource())
        {
            var waiting = reader.ReadNextEventAsync(TimeSpan.FromSeconds(30), cancelled.Token);
            cancelled.Cancel();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        }
        using (var group = await manager.GetReaderGroupAsync("g", Token))
        {
            var checkpoints = Enumerable.Range(0, 3).Select(i => group.InitiateCheckpointAsync("cp" + i, Token)).ToList();
            await Task.Delay(200, Token);
            await Assert.ThrowsAsync<MaxNumberOfCheckpointsExceededException>(() => group.InitiateCheckpointAsync("cp3", Token));
            await group.CancelOutstandingCheckpointsAsync(Token);
            foreach (var checkpoint in checkpoints)
            {
                await Assert.ThrowsAnyAsync<OperationCanceledException>(() => checkpoint);
            }
        }
        Assert.True(await manager.DeleteReaderGroupAsync("g", Token));
        Assert.False(await manager.DeleteReaderGroupAsync("g", Token));
        await Assert.ThrowsAsync<ReaderGroupNotFoundException>(() => reader.ReadNextEventAsync(TimeSpan.FromSeconds(5), Token));
        await reader.DisposeAsync();
        await Assert.ThrowsAsync<ObjectDisposedException>(() => reader.ReadNextEventAsync(TimeSpan.FromSeconds(1), Token));
        await Assert.ThrowsAsync<ReaderGroupNotFoundException>(() => manager.GetReaderGroupAsync("g", Token));
    }

    /// <summary>A store and controller with stream sc/s of <c>segments</c> segments, <c>events</c> keyed events written,
    /// reader group "g" on it, and the factory and group handle the tests use.</summary>
    private sealed class GroupRig : IAsyncDisposable
    {
        private GroupRig(ControllerHarness harness, ClientConfig config, EventStreamClientFactory factory, ReaderGroupManager manager, ReaderGroup group)
        {
            Harness = harness;
            Config = config;
            Factory = factory;
            Manager = manager;
            Group = group;
        }

        public ControllerHarness Harness { get; }

        public ClientConfig Config { get; }

        public EventStreamClientFactory Factory { get; }

        public ReaderGroupManager Manager { get; }

        public ReaderGroup Group { get; }

        public static async Task<GroupRig> StartAsync(int segments, int events)
        {
            var harness = await StartWithStreamAsync(segments);
            var config = ConfigOf(harness);
            await WriteAsync(config, 0, events);
            await CreateGroupAsync(config, "g");
            var manager = ReaderGroupManager.WithScope("sc", config);
            return new GroupRig(harness, config, EventStreamClientFactory.WithScope("sc", config), manager, await manager.GetReaderGroupAsync("g", Token));
        }

        public Task<EventStreamReader<string>> ReaderAsync(string id) => Factory.CreateReaderAsync(id, "g", new Utf8StringSerializer(), Token);

        public async ValueTask DisposeAsync()
        {
            Group.Dispose();
            await Manager.DisposeAsync();
            await Factory.DisposeAsync();
            await Harness.DisposeAsync();
        }
    }
}
