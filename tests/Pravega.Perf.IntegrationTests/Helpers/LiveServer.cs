using System.Net;
using Pravega.Perf.Common.Naming;
using Pravega.Perf.SegmentStore;
using Pravega.Perf.SegmentStore.Server;
using Pravega.Perf.SegmentStore.Server.AutoScale;
using Pravega.Perf.Testing.WireClient;

namespace Pravega.Perf.IntegrationTests.Helpers;

/// <summary>
/// A real segment store (the engine on file WALs in a temporary folder) behind a real TCP listener on a free
/// loopback port, in this process.
/// </summary>
public sealed class LiveServer : IAsyncDisposable
{
    /// <summary>Smallest WAL file the engine accepts with its default 16 MiB operation limit: keeps set-up cheap.</summary>
    public const long SmallWalFileSize = (16L << 20) + (1L << 20);

    private readonly bool _ownsDirectory;

    private LiveServer(SegmentStoreService store, SegmentStoreServer server, string directory, bool ownsDirectory)
    {
        Store = store;
        Server = server;
        DataDirectory = directory;
        _ownsDirectory = ownsDirectory;
    }

    public SegmentStoreService Store { get; }

    public SegmentStoreServer Server { get; }

    public string DataDirectory { get; }

    /// <summary>The auto-scale monitor, when the test asked for one (stopped with the server).</summary>
    public AutoScaleMonitor? AutoScale { get; private init; }

    public EndPoint EndPoint => Server.LocalEndPoint!;

    /// <summary>Starts a store and server. <paramref name="dataDirectory"/> reuses a folder (a restart); null = a new one,
    /// deleted on dispose.</summary>
    public static async Task<LiveServer> StartAsync(Action<SegmentStoreServerOptions>? configure = null,
        IReadOnlyCollection<int>? ownedContainers = null, string? dataDirectory = null, int containerCount = 4,
        Action<SegmentStoreOptions>? configureStore = null, Func<SegmentStoreService, AutoScaleMonitor?>? autoScale = null)
    {
        var ownsDirectory = dataDirectory is null;
        var directory = dataDirectory ?? Directory.CreateTempSubdirectory("pravega-it-").FullName;
        var mapper = new SegmentToContainerMapper(containerCount);
        var storeOptions = new SegmentStoreOptions
        {
            DataDirectory = directory,
            ContainerCount = containerCount,
            OwnedContainers = ownedContainers,
            ContainerMapper = segment => mapper.GetContainerId(segment),
            WalFileSize = SmallWalFileSize,
            CacheSizeBytes = 256L << 20,
        };
        TestBackends.Apply(storeOptions);
        configureStore?.Invoke(storeOptions);
        var store = await SegmentStoreService.StartAsync(storeOptions);
        var serverOptions = new SegmentStoreServerOptions { ListenAddress = "127.0.0.1", Port = 0 };
        TestBackends.Apply(serverOptions);
        configure?.Invoke(serverOptions);
        var monitor = autoScale?.Invoke(store);
        var server = new SegmentStoreServer(store, serverOptions, autoScale: monitor);
        try
        {
            await server.StartAsync();
        }
        catch
        {
            await store.DisposeAsync();
            throw;
        }
        return new LiveServer(store, server, directory, ownsDirectory) { AutoScale = monitor };
    }

    /// <summary>Connects a client and exchanges Hello.</summary>
    public async Task<WireTestClient> ConnectAsync(int blockSize = 0)
    {
        var client = await WireTestClient.ConnectAsync(EndPoint, blockSize, TestContext.Current.CancellationToken);
        await client.HelloAsync();
        return client;
    }

    /// <summary>Stops the server gracefully and closes the store; keeps the data directory.</summary>
    public async Task StopAsync()
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await Server.StopAsync(deadline.Token);
        if (AutoScale is not null)
        {
            await AutoScale.DisposeAsync();
        }
        await Store.DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        if (_ownsDirectory)
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
    }
}
