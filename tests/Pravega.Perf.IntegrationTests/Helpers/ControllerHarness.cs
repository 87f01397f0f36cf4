using System.Net;
using Grpc.Net.Client;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Pravega.Perf.Controller;
using Pravega.Perf.Controller.Contracts.V1;
using Pravega.Perf.Controller.Server;
using Pravega.Perf.SegmentStore.Contracts.Exceptions;
using Pravega.Perf.SegmentStore.Server.AutoScale;

namespace Pravega.Perf.IntegrationTests.Helpers;

/// <summary>
/// A real segment store and a real controller (gRPC on Kestrel) in this process, both on free loopback ports, and a
/// gRPC client of Pravega's <c>ControllerService</c> pointed at it: what a Pravega client sees.
/// </summary>
public sealed class ControllerHarness : IAsyncDisposable
{
    private readonly GrpcChannel _channel;
    private string? _restartedDirectory;

    private ControllerHarness(LiveServer store, ControllerServer controller, GrpcChannel channel)
    {
        Store = store;
        Controller = controller;
        _channel = channel;
        Client = new ControllerService.ControllerServiceClient(channel);
    }

    public LiveServer Store { get; private set; }

    public ControllerServer Controller { get; }

    public ControllerService.ControllerServiceClient Client { get; }

    public GrpcChannel Channel => _channel;

    public static CancellationToken Token => TestContext.Current.CancellationToken;

    /// <summary>Starts a store (with auto-scale reporting to the controller when <paramref name="autoScale"/> is given) and a controller.</summary>
    public static async Task<ControllerHarness> StartAsync(AutoScaleOptions? autoScale = null, ControllerOptions? options = null)
    {
        ControllerServer? controller = null;
        var store = await LiveServer.StartAsync(containerCount: 4, autoScale: autoScale is null ? null
            : s => new AutoScaleMonitor(s, new GrpcScaleReporter(() => controller!.Address!), autoScale, NullLogger.Instance));
        try
        {
            controller = await StartControllerAsync(store, options ?? new ControllerOptions());
        }
        catch
        {
            await store.DisposeAsync();
            throw;
        }
        var channel = GrpcChannel.ForAddress(controller.Address!);
        return new ControllerHarness(store, controller, channel);
    }

    /// <summary>A controller (port 0) for the store at <paramref name="store"/>.</summary>
    public static async Task<ControllerServer> StartControllerAsync(LiveServer store, ControllerOptions options)
    {
        var port = ((IPEndPoint)store.EndPoint).Port;
        var server = new ControllerServer(
            Options.Create(new ControllerServerOptions { Port = 0, ListenAddress = "127.0.0.1", SegmentStore = $"127.0.0.1:{port}" }),
            Options.Create(options), NullLoggerFactory.Instance);
        await server.StartAsync(Token);
        return server;
    }

    /// <summary>Stops the store and starts it again on the same port and data (the controller keeps running).</summary>
    public async Task RestartStoreAsync()
    {
        var port = ((IPEndPoint)Store.EndPoint).Port;
        var directory = Store.DataDirectory;
        await Store.StopAsync();
        _restartedDirectory = directory;
        Store = await LiveServer.StartAsync(o => o.Port = port, dataDirectory: directory, containerCount: 4);
    }

    public async Task CreateScopeAsync(string scope) =>
        Assert.Equal(CreateScopeStatus.Types.Status.Success, (await Client.createScopeAsync(new ScopeInfo { Scope = scope }, cancellationToken: Token)).Status);

    public async Task CreateStreamAsync(string scope, string stream, int segments, ScalingPolicy? policy = null) =>
        Assert.Equal(CreateStreamStatus.Types.Status.Success, (await Client.createStreamAsync(Config(scope, stream, segments, policy), cancellationToken: Token)).Status);

    public static StreamConfig Config(string scope, string stream, int segments, ScalingPolicy? policy = null) => new()
    {
        StreamInfo = Info(scope, stream),
        ScalingPolicy = policy ?? new ScalingPolicy { ScaleType = ScalingPolicy.Types.ScalingPolicyType.FixedNumSegments, MinNumSegments = segments },
    };

    public static StreamInfo Info(string scope, string stream) => new() { Scope = scope, Stream = stream };

    public static SegmentId Segment(string scope, string stream, long id) => new() { StreamInfo = Info(scope, stream), SegmentId_ = id };

    public async Task<IReadOnlyList<SegmentRange>> CurrentSegmentsAsync(string scope, string stream) =>
        (await Client.getCurrentSegmentsAsync(Info(scope, stream), cancellationToken: Token)).SegmentRanges_;

    /// <summary>Whether the store has the segment (and it is not deleted).</summary>
    public async Task<bool> SegmentExistsAsync(string segment)
    {
        try
        {
            var info = await Store.Store.GetSegmentInfoAsync(segment, Token);
            return !info.IsDeleted;
        }
        catch (StreamSegmentNotExistsException)
        {
            return false;
        }
    }

    /// <summary>Whether the store's segment is sealed.</summary>
    public async Task<bool> SegmentSealedAsync(string segment) => (await Store.Store.GetSegmentInfoAsync(segment, Token)).IsSealed;

    public async ValueTask DisposeAsync()
    {
        _channel.Dispose();
        await Controller.StopAsync(CancellationToken.None);
        await Controller.DisposeAsync();
        await Store.DisposeAsync();
        if (_restartedDirectory is not null)
        {
            Directory.Delete(_restartedDirectory, recursive: true);
        }
    }
}
