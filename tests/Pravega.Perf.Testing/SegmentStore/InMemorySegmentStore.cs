using Pravega.Perf.SegmentStore;
using Pravega.Perf.SegmentStore.Wal;

namespace Pravega.Perf.Testing.SegmentStore;

/// <summary>
/// Starts a <see cref="SegmentStoreService"/> on in-memory WALs that outlive it: stop the store (or drop it) and start
/// another on the same <see cref="Logs"/> to exercise recovery. Optionally wraps each device in a
/// <see cref="FaultInjectingWalDevice"/>. With a Tier-2 directory the store also runs its storage
/// writers against a file-system Tier-2 there (which outlives the store too); without one, Tier-2 is off.
/// </summary>
public sealed class InMemorySegmentStore
{
    public InMemorySegmentStore(int containerCount = 1, string? tier2Directory = null)
    {
        ContainerCount = containerCount;
        Tier2Directory = tier2Directory;
        Logs = [.. Enumerable.Range(0, containerCount).Select(_ => new InMemoryWalStore())];
    }

    public int ContainerCount { get; }

    /// <summary>Where Tier-2 lives; null when the store runs without it.</summary>
    public string? Tier2Directory { get; }

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
            Tier2Enabled = Tier2Directory is not null,
            Tier2Directory = Tier2Directory,
        };
        configure?.Invoke(options);
        var store = await SegmentStoreService.StartAsync(options).ConfigureAwait(false);
        Devices = devices;
        return store;
    }
}
