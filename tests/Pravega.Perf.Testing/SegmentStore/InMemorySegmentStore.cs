using Pravega.Perf.SegmentStore;
using Pravega.Perf.SegmentStore.Wal;

namespace Pravega.Perf.Testing.SegmentStore;

/// <summary>
/// Starts a <see cref="SegmentStoreService"/> on in-memory WALs that outlive it: stop the store (or drop it) and start
/// another on the same <see cref="Logs"/> to exercise recovery. Optionally wraps each device in a
/// <see cref="FaultInjectingWalDevice"/>.
/// </summary>
public sealed class InMemorySegmentStore
{
    public InMemorySegmentStore(int containerCount = 1)
    {
        ContainerCount = containerCount;
        Logs = [.. Enumerable.Range(0, containerCount).Select(_ => new InMemoryWalStore())];
    }

    public int ContainerCount { get; }

    public IReadOnlyList<InMemoryWalStore> Logs { get; }

    /// <summary>The fault injectors of the last started store, by container id.</summary>
    public FaultInjectingWalDevice[] Devices { get; private set; } = [];

    public async Task<SegmentStoreService> StartAsync(Action<SegmentStoreOptions>? configure = null)
    {
        var devices = new FaultInjectingWalDevice[ContainerCount];
        var options = new SegmentStoreOptions
        {
            ContainerCount = ContainerCount,
            CacheSizeBytes = 64L << 20,
            CacheBlockSize = 4096,
            MaxFrameSize = 64 * 1024,
            MaxOperationSize = 1 << 20,
            WalDeviceFactory = id => devices[id] = new FaultInjectingWalDevice(new InMemoryWalDevice(Logs[id])),
        };
        configure?.Invoke(options);
        var store = await SegmentStoreService.StartAsync(options).ConfigureAwait(false);
        Devices = devices;
        return store;
    }
}
