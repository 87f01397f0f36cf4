using Pravega.Perf.Interop.Files;
using Pravega.Perf.Interop.IoUring;
using Pravega.Perf.SegmentStore.Wal;
using Pravega.Perf.Testing.SegmentStore;
using static Pravega.Perf.SegmentStore.Tests.TestData;

namespace Pravega.Perf.SegmentStore.Tests.Wal;

/// <summary>Every <see cref="FileWalDeviceTests"/> contract test on the io_uring + O_DIRECT device, plus what is
/// particular to it: the two devices read each other's logs, and the fault-injecting decorator works over it.</summary>
[Trait("Category", "RequiresIoUring")]
public sealed class UringWalDeviceTests : FileWalDeviceTests
{
    internal static void RequireUring(string directory)
    {
        Assert.SkipUnless(Ring.IsSupported, $"io_uring is not usable here: {Ring.UnsupportedReason}");
        Assert.SkipUnless(DirectFile.IsSupportedIn(directory, out var reason), reason ?? "");
    }

    protected override FileWalDevice NewDevice(string directory, long fileSize, int maxFileCount, int spareFileCount)
    {
        RequireUring(directory);
        return new UringWalDevice(directory, fileSize, maxFileCount, spareFileCount);
    }

    [Fact]
    public void AnInjectedFailureLeavesTheFrameOutAndTheNextWriteTakesItsAddress()
    {
        RequireUring(_directory);
        long failedAt;
        using (var faulty = new FaultInjectingWalDevice(new UringWalDevice(_directory, FileSize, 16, spareFileCount: 0)))
        {
            faulty.Open();
            Assert.Empty(faulty.ReadAll());
            faulty.FailAfterWrites = 2;
            WriteFrame(faulty, Bytes(5_000, 1), 1);
            failedAt = WriteFrame(faulty, Bytes(5_000, 2), 2) + 8192;
            Assert.Throws<IOException>(() => WriteFrame(faulty, Bytes(5_000, 3), 3));
            faulty.FailAfterWrites = null;
            Assert.True(WriteFrame(faulty, Bytes(5_000, 3), 3) == failedAt, "the retried frame takes the failed one's address");
            Assert.True(faulty.Writes == 3, "three successful writes");
        }
        using var reopened = new UringWalDevice(_directory, FileSize, 16, spareFileCount: 0);
        reopened.Open();
        Assert.Equal([1L, 2L, 3L], reopened.ReadAll().Select(f => f.FirstSequence));
    }

    [Fact]
    public void DevicesSharingOneRingKeepSeparateLogs()
    {
        RequireUring(_directory);
        using var ring = Ring.Create();
        var first = Path.Combine(_directory, "a");
        var second = Path.Combine(_directory, "b");
        using (var a = new UringWalDevice(first, FileSize, 16, spareFileCount: 0, ring))
        using (var b = new UringWalDevice(second, FileSize, 16, spareFileCount: 0, ring))
        {
            a.Open();
            b.Open();
            Assert.Empty(a.ReadAll());
            Assert.Empty(b.ReadAll());
            // Two writer threads, as two containers would have.
            Parallel.Invoke(
                () => WriteMany(a, 100),
                () => WriteMany(b, 200));
        }
        Assert.True(ring.Supports(RingOpcode.Write), "the shared ring outlives its devices");
        using var recoveredA = new UringWalDevice(first, FileSize, 16, spareFileCount: 0, ring);
        using var recoveredB = new UringWalDevice(second, FileSize, 16, spareFileCount: 0, ring);
        recoveredA.Open();
        recoveredB.Open();
        Assert.Equal(Enumerable.Range(100, 20).Select(i => (long)i), recoveredA.ReadAll().Select(f => f.FirstSequence));
        Assert.Equal(Enumerable.Range(200, 20).Select(i => (long)i), recoveredB.ReadAll().Select(f => f.FirstSequence));
    }

    [Fact]
    public void AFrameLargerThanTheStagingBufferGrowsIt()
    {
        RequireUring(_directory);
        using (var device = new UringWalDevice(_directory, 8L << 20, 4, spareFileCount: 0))
        {
            device.Open();
            Assert.Empty(device.ReadAll());
            WriteFrame(device, Bytes(100, 1), 1);
            WriteFrame(device, Bytes(3 << 20, 2), 2); // beyond the initial 1 MiB staging buffer
            WriteFrame(device, Bytes(100, 3), 3);
        }
        using var reopened = new FileWalDevice(_directory, 8L << 20, 4, spareFileCount: 0);
        reopened.Open();
        var frames = reopened.ReadAll().Select(f => (f.FirstSequence, Length: f.Payload.Length)).ToList();
        Assert.Equal([(1L, 100), (2L, 3 << 20), (3L, 100)], frames);
    }

    private static void WriteMany(IWalDevice device, int firstSequence)
    {
        for (var sequence = firstSequence; sequence < firstSequence + 20; sequence++)
        {
            WriteFrame(device, Bytes(2_000, sequence), sequence);
        }
    }
}
