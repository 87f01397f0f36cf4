using Pravega.Perf.SegmentStore.Storage.Exceptions;
using Pravega.Perf.SegmentStore.Storage.FileSystem;
using Pravega.Perf.SegmentStore.Storage.IO;

namespace Pravega.Perf.SegmentStore.Storage.Tests.FileSystem;

public sealed class DeviceErrorTests
{
    private const string Segment = "scope/stream/3";

    [Theory]
    [InlineData(ChunkWriteMode.Buffered)]
    [InlineData(ChunkWriteMode.Direct)]
    public async Task AFullDeviceGivesStorageFullAndLeavesTheAcknowledgedBytesIntact(ChunkWriteMode mode)
    {
        using var dir = new TestDirectory();
        var fs = new FaultInjectingFileSystem(LocalStorageFileSystem.Instance);
        await using var storage = StorageFactory.Open(dir.Path, epoch: 1, maxChunk: 1000, fs: fs, mode: mode);
        var first = TestData.Random(2500, 1);
        await storage.CreateAsync(Segment, Ct);
        await storage.WriteAsync(Segment, 0, first, Ct);

        fs.FullAfterBytes = 2500 + 1700;
        var e = await Assert.ThrowsAsync<StorageFullException>(async () => await storage.WriteAsync(Segment, 2500, TestData.Random(3000, 2), Ct));
        Assert.Contains("full", e.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(2500, (await storage.GetInfoAsync(Segment, Ct)).Length);
        Assert.Equal(first, await StorageFactory.ReadAllAsync(storage, Segment));

        fs.FullAfterBytes = null;
        var second = TestData.Random(3000, 3);
        await storage.WriteAsync(Segment, 2500, second, Ct);
        await using var reopened = StorageFactory.Open(dir.Path, epoch: 2, mode: mode);
        var report = await reopened.ReconcileAsync(Ct);
        Assert.True(report.MissingChunks.Count == 0, $"reconcile after a full disk: {report}");
        byte[] expected = [.. first, .. second];
        Assert.Equal(expected, await StorageFactory.ReadAllAsync(reopened, Segment));
    }

    [Theory]
    [InlineData(ChunkWriteMode.Buffered)]
    [InlineData(ChunkWriteMode.Direct)]
    public async Task AReadOnlyDeviceGivesStorageReadOnlyForEveryMutationAndStillServesReads(ChunkWriteMode mode)
    {
        using var dir = new TestDirectory();
        var fs = new FaultInjectingFileSystem(LocalStorageFileSystem.Instance);
        await using var storage = StorageFactory.Open(dir.Path, epoch: 1, maxChunk: 1000, fs: fs, mode: mode);
        var data = TestData.Random(1800, 4);
        await storage.CreateAsync(Segment, Ct);
        await storage.WriteAsync(Segment, 0, data, Ct);

        fs.ReadOnly = true;
        await Assert.ThrowsAsync<StorageReadOnlyException>(async () => await storage.WriteAsync(Segment, 1800, new byte[10], Ct));
        await Assert.ThrowsAsync<StorageReadOnlyException>(async () => await storage.SealAsync(Segment, Ct));
        await Assert.ThrowsAsync<StorageReadOnlyException>(async () => await storage.TruncateAsync(Segment, 1000, Ct));
        await Assert.ThrowsAsync<StorageReadOnlyException>(async () => await storage.CreateAsync("scope/stream/4", Ct));
        await Assert.ThrowsAsync<StorageReadOnlyException>(async () => await storage.DeleteAsync(Segment, Ct));
        Assert.Equal(data, await StorageFactory.ReadAllAsync(storage, Segment));

        fs.ReadOnly = false;
        await using var reopened = StorageFactory.Open(dir.Path, epoch: 2, mode: mode);
        var info = await reopened.GetInfoAsync(Segment, Ct);
        Assert.True(info.Length == 1800 && !info.IsSealed && info.StartOffset == 0, $"a refused mutation left a trace: {info}");
        Assert.Equal(data, await StorageFactory.ReadAllAsync(reopened, Segment));
    }

    [Fact]
    public async Task ADirectoryTheKernelRefusesToWriteGivesStorageReadOnly()
    {
        // Tests run as root, so chmod does not stop writes; sysfs refuses new entries even to root.
        const string root = "/sys/pravega-tier2-test";
        var refused = false;
        try
        {
            Directory.CreateDirectory(root);
            Directory.Delete(root);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            refused = true;
        }
        Assert.SkipUnless(refused, "this machine lets us create directories under /sys");
        await using var storage = StorageFactory.Open(root, epoch: 1);
        var e2 = await Assert.ThrowsAsync<StorageReadOnlyException>(async () => await storage.CreateAsync(Segment, Ct));
        Assert.Equal(Segment, e2.SegmentName);
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;
}
