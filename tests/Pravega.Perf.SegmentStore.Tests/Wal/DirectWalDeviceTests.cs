using Pravega.Perf.Interop.Files;
using Pravega.Perf.SegmentStore.Wal;

namespace Pravega.Perf.SegmentStore.Tests.Wal;

/// <summary>Every <see cref="FileWalDeviceTests"/> contract test (cross-recovery with the managed device included) on
/// the synchronous O_DIRECT device.</summary>
public sealed class DirectWalDeviceTests : FileWalDeviceTests
{
    internal static void RequireDirect(string directory) =>
        Assert.SkipUnless(DirectFile.IsSupportedIn(directory, out var reason), reason ?? "");

    protected override FileWalDevice NewDevice(string directory, long fileSize, int maxFileCount, int spareFileCount)
    {
        RequireDirect(directory);
        return new DirectWalDevice(directory, fileSize, maxFileCount, spareFileCount);
    }
}
