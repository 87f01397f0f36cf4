using Pravega.Perf.SegmentStore.Contracts;
using Pravega.Perf.SegmentStore.Contracts.Appends;
using Pravega.Perf.SegmentStore.Contracts.Exceptions;
using Pravega.Perf.SegmentStore.Storage.FileSystem;
using Pravega.Perf.SegmentStore.Storage.IO;
using static Pravega.Perf.SegmentStore.Tests.TestData;

namespace Pravega.Perf.SegmentStore.Tests.StorageWriter;

public sealed class WalTruncationTests : IDisposable
{
    private const long WalFileSize = 256 * 1024;
    private const int WalMaxFileCount = 24;
    private const int AppendSize = 60 * 1024;
    private readonly string _directory = Directory.CreateTempSubdirectory("wal-plateau-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task TheWalOnDiskPlateausUnderSustainedWritesOnceTier2HoldsTheData()
    {
        const int Appends = 410;
        const long Total = (long)Appends * AppendSize;
        var walDirectory = Path.Combine(_directory, "container-0");
        long largest = 0;
        await using (var store = await SegmentStoreService.StartAsync(Options(), Ct))
        {
            await store.CreateSegmentAsync("a", SegmentType.StreamSegment, [], Ct);
            await store.CreateSegmentAsync("b", SegmentType.StreamSegment, [], Ct);
            for (var i = 0; i < Appends; i++)
            {
                // Eight times the WAL's capacity goes through it: without truncation behind Tier-2 it would be full.
                await Task.WhenAll(Append(store, "a", i), Append(store, "b", i));
                largest = Math.Max(largest, DirectorySize(walDirectory));
            }
            await store.FlushToStorageAsync(Ct);
            Assert.True(store.Container(0)!.TruncatedTo > Total, $"the WAL was truncated only up to {store.Container(0)!.TruncatedTo}");
        }
        var bound = (WalMaxFileCount + 2) * WalFileSize;
        TestContext.Current.TestOutputHelper?.WriteLine($"WAL directory peak {largest} bytes while {2 * Total} bytes were written");
        Assert.True(largest <= bound, $"the WAL directory reached {largest} bytes (bound {bound}) while {2 * Total} were written");

        await using var recovered = await SegmentStoreService.StartAsync(Options(), Ct);
        foreach (var name in new[] { "a", "b" })
        {
            var info = await recovered.GetSegmentInfoAsync(name, Ct);
            Assert.True(info.Length == Total, $"{name}: {info.Length} bytes after restart, {Total} acknowledged");
            foreach (var i in new[] { 0, Appends / 2, Appends - 1 })
            {
                using var read = await recovered.ReadAsync(name, (long)i * AppendSize, AppendSize, Ct);
                Assert.True(read.Data.Span.SequenceEqual(Bytes(AppendSize, i).AsSpan(0, read.Length)) && read.Length > 0,
                    $"{name}: append {i} reads back from the recovered store (Tier-2 or WAL)");
            }
        }
    }

    private static async Task Append(SegmentStoreService store, string segment, int index)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await store.AppendAsync(segment, Data(Bytes(AppendSize, index)), WriterUpdate.None, (long)index * AppendSize, Ct);
                return;
            }
            catch (CacheFullException) when (attempt < 2000)
            {
                await Task.Delay(2, Ct); // back-pressure: Tier-2 is behind
            }
        }
    }

    /// <summary>Bytes of the WAL's files on disk (a file renamed or deleted while this looks counts as gone).</summary>
    private static long DirectorySize(string directory)
    {
        long total = 0;
        foreach (var file in Directory.Exists(directory) ? new DirectoryInfo(directory).EnumerateFiles() : [])
        {
            try
            {
                total += file.Length;
            }
            catch (FileNotFoundException)
            {
                // Truncation renamed or deleted it meanwhile.
            }
        }
        return total;
    }

    private SegmentStoreOptions Options() => new()
    {
        DataDirectory = _directory,
        ContainerCount = 1,
        CacheSizeBytes = 2L << 20,
        CacheBlockSize = 4096,
        WalFileSize = WalFileSize,
        WalMaxFileCount = WalMaxFileCount,
        WalSpareFileCount = 0,
        MaxFrameSize = 64 * 1024,
        MaxOperationSize = 128 * 1024,
        CheckpointFrameInterval = 50,
        StorageFlushAgeMs = 0,
        StorageRetryDelayMs = 20,
        StorageReadAlignment = 64 * 1024,
        // The WAL's own fdatasyncs are real; Tier-2's are simulated to keep the test short.
        StorageFactory = (id, epoch) => new FileSystemChunkStorage(
            new FileSystemStorageOptions { Root = Path.Combine(_directory, "tier2", "container-" + id) }, epoch,
            new FaultInjectingFileSystem(LocalStorageFileSystem.Instance) { SimulateSyncs = true }),
    };
}
