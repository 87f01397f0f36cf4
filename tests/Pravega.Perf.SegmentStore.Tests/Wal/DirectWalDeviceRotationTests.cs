using Pravega.Perf.SegmentStore.Wal;

namespace Pravega.Perf.SegmentStore.Tests.Wal;

/// <summary>Every <see cref="FileWalDeviceRotationTests"/> test (spares, extended files, truncation and reuse) on the
/// synchronous O_DIRECT device.</summary>
public sealed class DirectWalDeviceRotationTests : FileWalDeviceRotationTests
{
    protected override FileWalDevice NewDevice(string directory, long fileSize, int maxFileCount, int spareFileCount)
    {
        DirectWalDeviceTests.RequireDirect(directory);
        return new DirectWalDevice(directory, fileSize, maxFileCount, spareFileCount);
    }
}
