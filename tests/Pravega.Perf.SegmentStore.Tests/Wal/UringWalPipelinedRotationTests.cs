using Pravega.Perf.SegmentStore.Wal;

namespace Pravega.Perf.SegmentStore.Tests.Wal;

/// <summary>Every <see cref="FileWalDeviceRotationTests"/> test (spares, extended files, truncation and reuse) on the
/// io_uring device with 4 frames in flight, written through the pipeline.</summary>
[Trait("Category", "RequiresIoUring")]
public sealed class UringWalPipelinedRotationTests : FileWalDeviceRotationTests
{
    protected override FileWalDevice NewDevice(string directory, long fileSize, int maxFileCount, int spareFileCount)
    {
        UringWalDeviceTests.RequireUring(directory);
        return new UringWalDevice(directory, fileSize, maxFileCount, spareFileCount, ring: null, maxWritesInFlight: 4);
    }
}
