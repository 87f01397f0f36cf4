using Pravega.Perf.SegmentStore;

namespace Pravega.Perf.Benchmarks.SegmentStore;

/// <summary>The engine with one container on a <see cref="DiscardingWalDevice"/> and no Tier-2: its own cost, without the disk.</summary>
public static class DiscardingStore
{
    public static SegmentStoreService Start() =>
        SegmentStoreService.StartAsync(new SegmentStoreOptions
        {
            ContainerCount = 1,
            CacheSizeBytes = 1L << 30,
            WalDeviceFactory = _ => new DiscardingWalDevice(),
            Tier2Enabled = false, // the engine alone: no storage writer, no data directory
        }).GetAwaiter().GetResult();
}
