using Pravega.Perf.Interop.Files;
using Pravega.Perf.SegmentStore.Contracts;
using Pravega.Perf.SegmentStore.Contracts.Appends;
using Pravega.Perf.SegmentStore.Storage.FileSystem;
using static Pravega.Perf.SegmentStore.Tests.TestData;

namespace Pravega.Perf.SegmentStore.Tests.StorageWriter;

/// <summary>The store's Tier-2 chunk write mode (<see cref="SegmentStoreOptions.StorageWriteMode"/>): resolved and
/// logged once at start, and either mode reads back what the other flushed.</summary>
public sealed class StorageWriteModeTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "tier2-write-mode-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Theory]
    [InlineData(ChunkWriteMode.Buffered, ChunkWriteMode.Direct)]
    [InlineData(ChunkWriteMode.Direct, ChunkWriteMode.Buffered)]
    public async Task AStoreReadsBackAndExtendsOnOneWriteModeWhatItFlushedOnTheOther(ChunkWriteMode first, ChunkWriteMode second)
    {
        Assert.SkipUnless(DirectFile.IsSupportedIn(_directory, out var reason), reason ?? "O_DIRECT refused");
        var payloads = Enumerable.Range(1, 30).Select(i => Bytes(3000 + i, i)).ToList();
        var logs = new RecordingLoggerFactory();
        await using (var store = await SegmentStoreService.StartAsync(Options(first, logs), Ct))
        {
            Assert.True(store.StorageWriteMode?.Mode == first, $"the store writes Tier-2 as {store.StorageWriteMode}, not {first}");
            Assert.True(logs.Messages.Count(m => m.StartsWith("Tier-2: ", StringComparison.Ordinal)) == 1,
                $"the write mode is logged once at start: {string.Join(" | ", logs.Messages)}");
            await store.CreateSegmentAsync("s/a/0", SegmentType.StreamSegment, [], Ct);
            foreach (var p in payloads)
            {
                await store.AppendAsync("s/a/0", Data(p), WriterUpdate.None, -1, Ct);
            }
            await store.FlushToStorageAsync(Ct);
        }
        byte[] expected = [.. payloads.SelectMany(p => p)];
        await using var recovered = await SegmentStoreService.StartAsync(Options(second, logs), Ct);
        Assert.True(recovered.StorageWriteMode?.Mode == second, $"the store writes Tier-2 as {recovered.StorageWriteMode}, not {second}");
        var more = Bytes(5000, 99);
        await recovered.AppendAsync("s/a/0", Data(more), WriterUpdate.None, expected.Length, Ct);
        await recovered.FlushToStorageAsync(Ct);
        var all = await StorageWriterTests.ReadAll(recovered, "s/a/0", 0);
        byte[] appended = [.. expected, .. more];
        Assert.True(all.AsSpan().SequenceEqual(appended), $"read {all.Length} bytes, not exactly the {expected.Length + more.Length} appended");
        var storageName = recovered.Container(0)!.StorageNameOf("s/a/0");
        await using var tier2 = new FileSystemChunkStorage(new FileSystemStorageOptions { Root = Path.Combine(_directory, "tier2", "container-0") }, epoch: 1 << 30);
        var inTier2 = new byte[appended.Length];
        var read = await tier2.ReadAsync(storageName, 0, inTier2, Ct);
        Assert.True(read == appended.Length && inTier2.AsSpan().SequenceEqual(appended), $"Tier-2 holds {read} bytes, not exactly the {appended.Length} appended");
        Assert.True(recovered.GetStorageStatistics(0)!.Tier2Repairs is null, $"a clean restart left Tier-2 repairs: {recovered.GetStorageStatistics(0)!.Tier2Repairs}");
    }

    [Fact]
    public async Task AStoreWithItsOwnStorageFactoryReportsNoWriteMode()
    {
        var tier2 = new Tier2Harness();
        try
        {
            await using var store = await tier2.StartAsync();
            Assert.True(store.StorageWriteMode is null, $"a factory-made Tier-2 is not the store's to describe: {store.StorageWriteMode}");
        }
        finally
        {
            tier2.Dispose();
        }
    }

    private SegmentStoreOptions Options(ChunkWriteMode mode, RecordingLoggerFactory logs) => new()
    {
        DataDirectory = _directory,
        ContainerCount = 1,
        CacheSizeBytes = 1L << 20,
        CacheBlockSize = 4096,
        WalFileSize = 1L << 20,
        WalSpareFileCount = 0,
        MaxFrameSize = 64 * 1024,
        MaxOperationSize = 128 * 1024,
        StorageFlushAgeMs = 0,
        StorageReadAlignment = 64 * 1024,
        StorageMaxChunkLength = 40_000,
        StorageWriteMode = mode,
        LoggerFactory = logs,
    };
}
