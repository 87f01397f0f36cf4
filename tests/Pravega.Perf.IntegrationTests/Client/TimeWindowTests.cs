using Pravega.Perf.Client;
using Pravega.Perf.Client.Readers;
using Pravega.Perf.Client.Streams;
using Pravega.Perf.Client.Writers;
using Pravega.Perf.Controller;
using Pravega.Perf.IntegrationTests.Helpers;
using static Pravega.Perf.IntegrationTests.Helpers.ControllerHarness;

namespace Pravega.Perf.IntegrationTests.Client;

/// <summary>A .NET writer notes times, the controller's watermark job (100 ms) writes watermarks, a .NET reader's time window follows them.</summary>
public sealed class TimeWindowTests
{
    [Fact]
    public async Task A_readers_time_window_rises_with_the_noted_times_it_reads_past_and_never_goes_back()
    {
        await using var h = await ControllerHarness.StartAsync(options: new ControllerOptions { WatermarkPeriod = TimeSpan.FromMilliseconds(100) });
        await h.CreateScopeAsync("sc");
        var streamConfig = Config("sc", "s", 2);
        streamConfig.TimestampAggregationTimeout = 30_000;
        await h.Client.createStreamAsync(streamConfig, cancellationToken: Token);
        var config = new ClientConfig { ControllerUri = new Uri($"tcp://127.0.0.1:{h.Controller.Address!.Port}") };
        var stream = new ScopedStream("sc", "s");
        await using var writer = await EventStreamWriter<string>.CreateAsync(config, stream, new Utf8StringSerializer(), Token);
        for (var round = 1; round <= 5; round++)
        {
            await Task.WhenAll(Enumerable.Range(0, 10).Select(i => writer.WriteEventAsync("k" + i, $"{round}:{i}", Token)));
            await writer.FlushAsync();
            await writer.NoteTimeAsync(round * 1000, Token);
        }
        await Assert.ThrowsAsync<ArgumentException>(() => writer.NoteTimeAsync(10, Token));

        await using var manager = ReaderGroupManager.WithScope("sc", config);
        Assert.True(await manager.CreateReaderGroupAsync("g", ReaderGroupConfig.ForStream(stream) with { GroupRefreshTime = TimeSpan.FromMilliseconds(100) }, Token));
        await using var factory = EventStreamClientFactory.WithScope("sc", config);
        await using var reader = await factory.CreateReaderAsync("r", "g", new Utf8StringSerializer(), Token);
        var windows = new List<TimeWindow>();
        var read = 0;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (windows.Count == 0 || windows[^1].Lower != 5000)
        {
            Assert.True(DateTime.UtcNow < deadline, $"the window never reached 5000: {string.Join(", ", windows.Distinct())}");
            // Reading moves the group's positions (published at each refresh).
            read += (await reader.ReadNextEventAsync(TimeSpan.FromMilliseconds(50), Token)).HasEvent ? 1 : 0;
            windows.Add(await reader.GetCurrentTimeWindowAsync(stream, Token));
        }
        Assert.Equal(50, read);
        var lowers = windows.Where(w => w.Lower is not null).Select(w => w.Lower!.Value).ToList();
        Assert.Equal(lowers.Order(), lowers);
        Assert.All(lowers, l => Assert.Contains(l, new long[] { 1000, 2000, 3000, 4000, 5000 }));
        Assert.All(windows.Where(w => w.Lower is not null && w.Upper is not null), w => Assert.True(w.Upper >= w.Lower));
        // Before reading anything the group is at the head: no lower bound yet.
        Assert.Null(windows[0].Lower);
    }
}
