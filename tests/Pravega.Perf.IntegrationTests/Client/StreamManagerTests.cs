using Pravega.Perf.Client;
using Pravega.Perf.Client.Admin;
using Pravega.Perf.Client.Control;
using Pravega.Perf.Client.Streams;
using Pravega.Perf.IntegrationTests.Helpers;
using static Pravega.Perf.IntegrationTests.Helpers.ControllerHarness;

namespace Pravega.Perf.IntegrationTests.Client;

/// <summary>The client's <see cref="StreamManager"/> against a real controller and segment store.</summary>
public sealed class StreamManagerTests : IAsyncLifetime
{
    private ControllerHarness _h = null!;
    private StreamManager _manager = null!;

    public async ValueTask InitializeAsync()
    {
        _h = await ControllerHarness.StartAsync();
        _manager = StreamManager.Create(new Uri($"tcp://127.0.0.1:{_h.Controller.Address!.Port}"));
    }

    public async ValueTask DisposeAsync()
    {
        await _manager.DisposeAsync();
        await _h.DisposeAsync();
    }

    [Fact]
    public async Task Scopes_and_streams_are_created_listed_sealed_and_deleted_with_Pravegas_answers()
    {
        Assert.True(await _manager.CreateScopeAsync("sc", Token));
        Assert.False(await _manager.CreateScopeAsync("sc", Token));
        await Assert.ThrowsAsync<ArgumentException>(() => _manager.CreateScopeAsync("bad name", Token));
        var config = new StreamConfiguration { Scaling = ScalingPolicy.Fixed(2), Tags = ["t1"] };
        Assert.True(await _manager.CreateStreamAsync("sc", "s", config, Token));
        Assert.False(await _manager.CreateStreamAsync("sc", "s", config, Token));
        await Assert.ThrowsAsync<InvalidOperationException>(() => _manager.CreateStreamAsync("nope", "s", config, Token));
        await Assert.ThrowsAsync<ArgumentException>(() => _manager.CreateStreamAsync("sc", "s", new StreamConfiguration { Scaling = ScalingPolicy.Fixed(0) }, Token));
        Assert.Contains("sc", await _manager.ListScopesAsync(Token).ToListAsync(Token));
        Assert.Contains(new ScopedStream("sc", "s"), await _manager.ListStreamsAsync("sc", cancellationToken: Token).ToListAsync(Token));
        Assert.Equal([new ScopedStream("sc", "s")], await _manager.ListStreamsAsync("sc", "t1", Token).ToListAsync(Token));
        Assert.True(await _manager.UpdateStreamAsync("sc", "s", config with { Scaling = ScalingPolicy.Fixed(3) }, Token));
        var info = await _manager.GetStreamInfoAsync("sc", "s", Token);
        Assert.Equal(3, info.Configuration.Scaling.MinNumSegments);
        Assert.Equal(3, info.TailStreamCut.Positions.Count);
        Assert.Equal(2, info.HeadStreamCut.Positions.Count);
        Assert.False(info.IsSealed);
        await Assert.ThrowsAsync<InvalidOperationException>(() => _manager.DeleteStreamAsync("sc", "s", Token));
        Assert.True(await _manager.SealStreamAsync("sc", "s", Token));
        Assert.True((await _manager.GetStreamInfoAsync("sc", "s", Token)).IsSealed);
        Assert.True(await _manager.DeleteStreamAsync("sc", "s", Token));
        Assert.False(await _manager.DeleteStreamAsync("sc", "s", Token));
        Assert.False(await _manager.CheckStreamExistsAsync("sc", "s", Token));
        Assert.True(await _manager.CreateStreamAsync("sc", "t", config, Token));
        await Assert.ThrowsAsync<InvalidOperationException>(() => _manager.DeleteScopeAsync("sc", cancellationToken: Token));
        Assert.True(await _manager.DeleteScopeAsync("sc", recursive: true, Token));
        Assert.False(await _manager.CheckScopeExistsAsync("sc", Token));
    }

    [Fact]
    public async Task Truncation_moves_the_head_cut_of_the_stream_info()
    {
        await _manager.CreateScopeAsync("sc", Token);
        await _manager.CreateStreamAsync("sc", "s", new StreamConfiguration(), Token);
        var stream = new ScopedStream("sc", "s");
        Assert.True(await _manager.TruncateStreamAsync(new StreamCut(stream, new Dictionary<Segment, long> { [new Segment(stream, 0)] = 0 }), Token));
        var info = await _manager.GetStreamInfoAsync("sc", "s", Token);
        Assert.Equal(0, Assert.Single(info.HeadStreamCut.Positions).Value);
        await Assert.ThrowsAsync<ArgumentException>(() =>
            _manager.TruncateStreamAsync(new StreamCut(stream, new Dictionary<Segment, long> { [new Segment(stream, 9)] = 0 }), Token));
    }

    [Fact]
    public async Task An_unreachable_controller_fails_after_the_retry_schedule()
    {
        var config = new ClientConfig
        {
            ControllerUri = new Uri($"tcp://127.0.0.1:{PravegaProcess.FreePort()}"),
            ControllerRetryAttempts = 3,
            ControllerInitialBackoff = TimeSpan.FromMilliseconds(1),
        };
        await using var manager = new StreamManager(config);
        await Assert.ThrowsAsync<ControllerUnavailableException>(() => manager.CreateScopeAsync("sc", Token));
        Assert.Throws<ArgumentException>(() => new StreamManager(config with { ControllerUri = new Uri("tls://127.0.0.1:9090") }));
    }

    [Fact]
    public async Task A_pravega_uri_discovers_the_controllers_and_works_like_tcp()
    {
        // System.Uri holds one host: the others come from the controller's getControllerServerList.
        var config = new ClientConfig { ControllerUri = new Uri($"pravega://127.0.0.1:{_h.Controller.Address!.Port}") };
        await using var manager = new StreamManager(config);
        Assert.True(await manager.CreateScopeAsync("listed", Token));
        Assert.True(await manager.CheckScopeExistsAsync("listed", Token));
    }
}
