using Pravega.Perf.Client;
using Pravega.Perf.Client.Admin;
using Pravega.Perf.Client.Batch;
using Pravega.Perf.Client.Streams;
using Pravega.Perf.Client.Writers;
using Pravega.Perf.IntegrationTests.Helpers;
using static Pravega.Perf.IntegrationTests.Helpers.ControllerHarness;

namespace Pravega.Perf.IntegrationTests.Client;

/// <summary>The batch client against a real controller and store: segment ranges between cuts, read in parallel.</summary>
public sealed class BatchClientTests
{
    private static readonly ScopedStream Stream = new("sc", "s");

    private static async Task WriteAsync(EventStreamWriter<string> writer, int from, int to) =>
        await Task.WhenAll(Enumerable.Range(from, to - from).Select(i => writer.WriteEventAsync("key-" + (i % 10), "event-" + i, Token)));

    [Fact]
    public async Task The_ranges_between_two_cuts_read_in_parallel_give_exactly_the_events_between_them_across_a_scale()
    {
        await using var h = await ControllerHarness.StartAsync();
        await h.CreateScopeAsync("sc");
        await h.CreateStreamAsync("sc", "s", 3);
        var config = new ClientConfig { ControllerUri = new Uri($"tcp://127.0.0.1:{h.Controller.Address!.Port}") };
        await using var streams = new StreamManager(config);
        await using var events = EventStreamClientFactory.WithScope("sc", config);
        await using var batch = BatchClientFactory.WithScope("sc", config);

        await using (var writer = await events.CreateEventWriterAsync("s", new Utf8StringSerializer(), Token))
        {
            await WriteAsync(writer, 0, 300);
        }
        var from = (await streams.GetStreamInfoAsync("sc", "s", Token)).TailStreamCut;
        await using (var writer = await events.CreateEventWriterAsync("s", new Utf8StringSerializer(), Token))
        {
            await WriteAsync(writer, 300, 500);
            // Three segments become one, so the range spans two epochs: the sealed three from the first cut, the new one.
            Assert.True(await streams.UpdateStreamAsync("sc", "s", new StreamConfiguration { Scaling = ScalingPolicy.Fixed(1) }, Token));
            for (var i = 0; i < 400 && (await h.CurrentSegmentsAsync("sc", "s")).Count != 1; i++)
            {
                await Task.Delay(25, Token);
            }
            await WriteAsync(writer, 500, 700);
        }
        var to = (await streams.GetStreamInfoAsync("sc", "s", Token)).TailStreamCut;
        await using (var writer = await events.CreateEventWriterAsync("s", new Utf8StringSerializer(), Token))
        {
            await WriteAsync(writer, 700, 800);
        }

        var ranges = await batch.ListSegmentsAsync(Stream, from, to, Token);
        Assert.Equal(4, ranges.Count);
        Assert.All(ranges, r => Assert.True(r.StartOffset <= r.EndOffset, $"{r.Segment}: range {r.StartOffset}..{r.EndOffset} is reversed"));
        var parts = await Task.WhenAll(ranges.Select(async r => await batch.ReadSegmentAsync(r, new Utf8StringSerializer(), Token).ToListAsync(Token)));
        var read = parts.SelectMany(p => p).ToList();
        Assert.Equal(Enumerable.Range(300, 400).Select(i => "event-" + i).Order(), read.Order());

        // Each key's events come in order within its segment.
        foreach (var part in parts)
        {
            foreach (var key in part.GroupBy(e => int.Parse(e["event-".Length..]) % 10))
            {
                var numbers = key.Select(e => int.Parse(e["event-".Length..])).ToList();
                Assert.Equal(numbers.Order(), numbers);
            }
        }

        // Unbounded cuts are the head and the tail: everything.
        var all = await batch.ListSegmentsAsync(Stream, cancellationToken: Token);
        var everything = (await Task.WhenAll(all.Select(async r => await batch.ReadSegmentAsync(r, new Utf8StringSerializer(), Token).ToListAsync(Token)))).SelectMany(p => p);
        Assert.Equal(800, everything.Distinct().Count());
        await Assert.ThrowsAsync<ArgumentException>(() => batch.ListSegmentsAsync(new ScopedStream("sc", "other"), from, to, Token));
    }
}
