using Pravega.Perf.SegmentStore.Wal;

namespace Pravega.Perf.SegmentStore.Tests.Wal;

/// <summary>Every <see cref="FileWalDeviceTests"/> contract test on the io_uring device with 4 frames in flight, its
/// frames written through the pipeline (<see cref="IWalPipeline.BeginWrite"/>, then collected).</summary>
[Trait("Category", "RequiresIoUring")]
public sealed class UringWalPipelinedContractTests : FileWalDeviceTests
{
    protected override FileWalDevice NewDevice(string directory, long fileSize, int maxFileCount, int spareFileCount)
    {
        UringWalDeviceTests.RequireUring(directory);
        return new UringWalDevice(directory, fileSize, maxFileCount, spareFileCount, ring: null, maxWritesInFlight: 4);
    }
}
