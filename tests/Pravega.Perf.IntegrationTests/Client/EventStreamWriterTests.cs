using System.Text;
using Pravega.Perf.Client;
using Pravega.Perf.Client.Streams;
using Pravega.Perf.Client.Writers;
using Pravega.Perf.Common.Hashing;
using Pravega.Perf.Common.Naming;
using Pravega.Perf.Controller.Contracts.V1;
using Pravega.Perf.IntegrationTests.Helpers;
using static Pravega.Perf.IntegrationTests.Helpers.ControllerHarness;

namespace Pravega.Perf.IntegrationTests.Client;

/// <summary>The client's event writer against a real controller and store: Pravega's routing, and per-key order across a split and a merge.</summary>
public sealed class EventStreamWriterTests
{
    [Fact]
    public async Task Events_keep_their_keys_order_and_are_stored_once_across_a_split_and_a_merge_under_writes()
    {
        await using var h = await ControllerHarness.StartAsync();
        await h.CreateScopeAsync("sc");
        await h.CreateStreamAsync("sc", "s", 1);
        var config = new ClientConfig { ControllerUri = new Uri($"tcp://127.0.0.1:{h.Controller.Address!.Port}") };
        var written = new Dictionary<string, List<int>>();
        var writes = new List<Task>();
        await using (var writer = await EventStreamWriter<string>.CreateAsync(config, new ScopedStream("sc", "s"), new Utf8StringSerializer(), Token))
        {
            for (var i = 0; i < 900; i++)
            {
                if (i == 300)
                {
                    await ScaleAsync(h, [new ScaleRequest.Types.KeyRangeEntry { Start = 0, End = 0.5 }, new ScaleRequest.Types.KeyRangeEntry { Start = 0.5, End = 1 }]);
                }
                if (i == 600)
                {
                    await ScaleAsync(h, [new ScaleRequest.Types.KeyRangeEntry { Start = 0, End = 1 }]);
                }
                var key = "key-" + (i % 8);
                (written.TryGetValue(key, out var list) ? list : written[key] = []).Add(i);
                writes.Add(writer.WriteEventAsync(key, $"{key}:{i}", Token));
            }
            await Task.WhenAll(writes);
        }

        var read = new Dictionary<string, List<int>>();
        await using var client = await h.Store.ConnectAsync();
        for (var epoch = 0; epoch <= 2; epoch++)
        {
            var segments = await h.Client.getEpochSegmentsAsync(new GetEpochSegmentsRequest { StreamInfo = Info("sc", "s"), Epoch = epoch }, cancellationToken: Token);
            foreach (var segment in segments.SegmentRanges_.Where(s => NameUtils.GetEpoch(s.SegmentId.SegmentId_) == epoch))
            {
                foreach (var e in EventParser.Parse(await client.ReadAllAsync(NameUtils.GetQualifiedStreamSegmentName("sc", "s", segment.SegmentId.SegmentId_))))
                {
                    var parts = Encoding.UTF8.GetString(e).Split(':');
                    (read.TryGetValue(parts[0], out var list) ? list : read[parts[0]] = []).Add(int.Parse(parts[1]));
                    // Pravega's routing: the event sits in the segment whose range holds its key's hash.
                    var hash = RoutingKeyHash.Hash(parts[0]);
                    Assert.True(segment.MinKey <= hash && hash <= segment.MaxKey, $"{parts[0]} ({hash}) stored in [{segment.MinKey}, {segment.MaxKey})");
                }
            }
        }
        Assert.Equal(written.Keys.Order(), read.Keys.Order());
        foreach (var (key, indexes) in written)
        {
            Assert.Equal(indexes, read[key]);
        }
    }

    [Fact]
    public async Task Writing_to_a_sealed_stream_fails_with_invalid_operation()
    {
        await using var h = await ControllerHarness.StartAsync();
        await h.CreateScopeAsync("sc");
        await h.CreateStreamAsync("sc", "s", 2);
        var config = new ClientConfig { ControllerUri = new Uri($"tcp://127.0.0.1:{h.Controller.Address!.Port}") };
        await using var writer = await EventStreamWriter<string>.CreateAsync(config, new ScopedStream("sc", "s"), new Utf8StringSerializer(), Token);
        await writer.WriteEventAsync("k", "before", Token);
        // Pravega's limit: an event of exactly 8 MiB is taken, one byte more is refused at the call.
        await writer.WriteEventAsync("k", new string('x', EventStreamWriter<string>.MaxEventSize), Token);
        Assert.Throws<ArgumentException>(() => { _ = writer.WriteEventAsync("k", new string('x', EventStreamWriter<string>.MaxEventSize + 1), Token); });
        await h.Client.sealStreamAsync(Info("sc", "s"), cancellationToken: Token);
        await Assert.ThrowsAsync<InvalidOperationException>(() => writer.WriteEventAsync("k", "after", Token));
        await Assert.ThrowsAsync<InvalidOperationException>(() => EventStreamWriter<string>.CreateAsync(config, new ScopedStream("sc", "missing"), new Utf8StringSerializer(), Token));
        await writer.DisposeAsync();
        await Assert.ThrowsAnyAsync<InvalidOperationException>(() => writer.WriteEventAsync("k", "closed", Token));
    }

    private sealed record Reading(string Sensor, int Value);

    [Fact]
    public async Task An_atomic_batch_is_stored_whole_in_order_in_its_keys_segment_and_json_events_round_trip()
    {
        await using var h = await ControllerHarness.StartAsync();
        await h.CreateScopeAsync("sc");
        await h.CreateStreamAsync("sc", "s", 3);
        var config = new ClientConfig { ControllerUri = new Uri($"tcp://127.0.0.1:{h.Controller.Address!.Port}") };
        var serializer = new JsonEventSerializer<Reading>();
        await using (var writer = await EventStreamWriter<Reading>.CreateAsync(config, new ScopedStream("sc", "s"), serializer, Token))
        {
            var single = writer.WriteEventAsync("other", new Reading("x", -1), Token);
            await writer.WriteEventsAsync("sensor-7", Enumerable.Range(0, 50).Select(i => new Reading("sensor-7", i)), Token);
            await single;
            await writer.WriteEventsAsync("sensor-7", [], Token);
        }
        var segments = await h.CurrentSegmentsAsync("sc", "s");
        var hash = RoutingKeyHash.Hash("sensor-7");
        var home = segments.Single(r => r.MinKey <= hash && hash < r.MaxKey);
        await using var client = await h.Store.ConnectAsync();
        var stored = EventParser.Parse(await client.ReadAllAsync(NameUtils.GetQualifiedStreamSegmentName("sc", "s", home.SegmentId.SegmentId_)))
            .Select(e => serializer.Deserialize(e)).Where(r => r.Sensor == "sensor-7").ToList();
        Assert.Equal(Enumerable.Range(0, 50), stored.Select(r => r.Value));
    }

    private static async Task ScaleAsync(ControllerHarness h, ScaleRequest.Types.KeyRangeEntry[] ranges)
    {
        var request = new ScaleRequest { StreamInfo = Info("sc", "s") };
        request.SealedSegments.AddRange((await h.CurrentSegmentsAsync("sc", "s")).Select(s => s.SegmentId.SegmentId_));
        request.NewKeyRanges.AddRange(ranges);
        Assert.Equal(ScaleResponse.Types.ScaleStreamStatus.Started, (await h.Client.scaleAsync(request, cancellationToken: Token)).Status);
    }
}
