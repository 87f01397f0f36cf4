using Pravega.Perf.Interop.Files;
using Pravega.Perf.SegmentStore.Storage.FileSystem;
using Pravega.Perf.SegmentStore.Storage.IO;

namespace Pravega.Perf.SegmentStore.Storage.Tests.FileSystem;

/// <summary>
/// What O_DIRECT chunk writes must not change: many small unaligned appends (each rewriting the kept partial block
/// from its aligned start) read back byte-exact with the exact length, through a clean reopen and through a crash; a
/// failed write leaves a retry correct. Run on both write modes, so the buffered one proves the expectations.
/// </summary>
public sealed class ChunkWriteModeTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const string Segment = "scope/stream/7";

    // Not a multiple of 4 KiB, so chunk boundaries fall inside blocks too.
    private const long MaxChunk = 100_003;

    [Theory]
    [InlineData(ChunkWriteMode.Buffered)]
    [InlineData(ChunkWriteMode.Direct)]
    public async Task ManySmallUnalignedAppendsReadBackByteExactWithExactLengthsBeforeAndAfterReopen(ChunkWriteMode mode)
    {
        using var dir = new TestDirectory();
        var expected = TestData.Random(350_000, seed: 11);
        await using (var storage = StorageFactory.Open(dir.Path, epoch: 1, maxChunk: MaxChunk, mode: mode))
        {
            await storage.CreateAsync(Segment, Ct);
            await WriteInSmallPiecesAsync(storage, expected, 0, expected.Length, seed: 12);
            Assert.True(storage.WriteMode?.Mode == mode, $"storage runs {storage.WriteMode?.Description}, not {mode}");

            Assert.Equal(expected, await StorageFactory.ReadAllAsync(storage, Segment));
            var chunks = await storage.ListChunksAsync(Segment, Ct);
            Assert.True(chunks.Sum(c => c.Length) == expected.Length, $"chunk lengths add up to {chunks.Sum(c => c.Length)}, not {expected.Length}");
            for (var i = 0; i < chunks.Count - 1; i++)
            {
                Assert.True(ChunkFileLength(dir, chunks[i].Name) == chunks[i].Length,
                    $"closed chunk {i} is {ChunkFileLength(dir, chunks[i].Name)} bytes on disk, recorded {chunks[i].Length}");
            }
            var active = chunks[^1];
            var activeFile = ChunkFileLength(dir, active.Name);
            // The padding of the last O_DIRECT write is visible while the chunk is open: proof the direct path ran.
            var expectedActiveFile = mode == ChunkWriteMode.Direct ? (active.Length + DirectFile.Alignment - 1) / DirectFile.Alignment * DirectFile.Alignment : active.Length;
            Assert.True(activeFile == expectedActiveFile, $"the open chunk is {activeFile} bytes on disk, expected {expectedActiveFile} for {active.Length} recorded ({mode})");
        }

        var files = dir.ChunkFiles();
        await using var reopened = StorageFactory.Open(dir.Path, epoch: 2, maxChunk: MaxChunk, mode: mode);
        var report = await reopened.ReconcileAsync(Ct);
        Assert.True(report.ChunksTrimmed == 0 && report.MissingChunks.Count == 0, $"a clean close left chunk files of the wrong size: {report}");
        foreach (var chunk in await reopened.ListChunksAsync(Segment, Ct))
        {
            Assert.True(ChunkFileLength(dir, chunk.Name) == chunk.Length, $"chunk '{chunk.Name}' is {ChunkFileLength(dir, chunk.Name)} bytes at rest, recorded {chunk.Length}");
        }
        Assert.True(files.Length == dir.ChunkFiles().Length, "reconcile after a clean close deleted chunk files");
        Assert.Equal(expected, await StorageFactory.ReadAllAsync(reopened, Segment));

        // The new owner appends into a chunk of its own, unaligned again.
        var more = TestData.Random(9000, seed: 13);
        await WriteInSmallPiecesAsync(reopened, more, expected.Length, more.Length, seed: 14);
        byte[] all = [.. expected, .. more];
        Assert.Equal(all, await StorageFactory.ReadAllAsync(reopened, Segment));
    }

    [Theory]
    [InlineData(ChunkWriteMode.Buffered)]
    [InlineData(ChunkWriteMode.Direct)]
    public async Task AfterACrashInTheMiddleOfUnalignedAppendsTheAcknowledgedBytesReadBackExactly(ChunkWriteMode mode)
    {
        for (var crashAfter = 1; crashAfter <= 4; crashAfter++)
        {
            using var dir = new TestDirectory();
            var fs = new FaultInjectingFileSystem(LocalStorageFileSystem.Instance) { TornWrites = true, SimulateSyncs = true };
            var data = TestData.Random(60_000, seed: 20 + crashAfter);
            var acked = 0;
            await using (var storage = StorageFactory.Open(dir.Path, epoch: 1, maxChunk: 20_000, fs: fs, mode: mode))
            {
                await storage.CreateAsync(Segment, Ct);
                var rng = new Random(crashAfter);
                var writes = 0;
                try
                {
                    while (acked < data.Length)
                    {
                        var n = Math.Min(rng.Next(1, 3000), data.Length - acked);
                        if (++writes == 10)
                        {
                            // Crash a few operations into this write: in its chunk write, its sync or its commit.
                            fs.CrashAtOperation = fs.MutatingOperations + crashAfter;
                        }
                        await storage.WriteAsync(Segment, acked, data.AsMemory(acked, n), Ct);
                        acked += n;
                    }
                }
                catch (SimulatedCrashException)
                {
                }
                Assert.True(fs.Crashed, $"the crash after {crashAfter} operations never happened");
            }
            fs.ApplyCrashLoss();

            await using var recovered = StorageFactory.Open(dir.Path, epoch: 2, maxChunk: 20_000, mode: mode);
            var report = await recovered.ReconcileAsync(Ct);
            var context = $"crash {crashAfter} operations into write 10 ({mode}); reconcile: {report}";
            Assert.True(report.MissingChunks.Count == 0, $"metadata points at missing bytes; {context}");
            var info = await recovered.GetInfoAsync(Segment, Ct);
            Assert.True(info.Length == acked, $"recovered length {info.Length}, acknowledged {acked}; {context}");
            Assert.Equal(data.AsSpan(0, acked).ToArray(), await StorageFactory.ReadAllAsync(recovered, Segment));
            foreach (var chunk in await recovered.ListChunksAsync(Segment, Ct))
            {
                Assert.True(ChunkFileLength(dir, chunk.Name) == chunk.Length, $"chunk '{chunk.Name}' is {ChunkFileLength(dir, chunk.Name)} bytes after reconcile, recorded {chunk.Length}; {context}");
            }
            await recovered.WriteAsync(Segment, acked, data.AsMemory(acked, 100), Ct);
            Assert.Equal(data.AsSpan(0, acked + 100).ToArray(), await StorageFactory.ReadAllAsync(recovered, Segment));
        }
    }

    [Theory]
    [InlineData(ChunkWriteMode.Buffered)]
    [InlineData(ChunkWriteMode.Direct)]
    public async Task AWriteThatFailsInsideAPartialBlockLeavesTheRetryAtTheSameOffsetExact(ChunkWriteMode mode)
    {
        using var dir = new TestDirectory();
        var fs = new FaultInjectingFileSystem(LocalStorageFileSystem.Instance);
        await using var storage = StorageFactory.Open(dir.Path, epoch: 1, maxChunk: 1 << 20, fs: fs, mode: mode);
        await storage.CreateAsync(Segment, Ct);
        var first = TestData.Random(5000, seed: 30);
        await storage.WriteAsync(Segment, 0, first, Ct);

        fs.FullAfterBytes = 0;
        await Assert.ThrowsAsync<Exceptions.StorageFullException>(async () => await storage.WriteAsync(Segment, 5000, new byte[700], Ct));
        fs.FullAfterBytes = null;

        // The appender no longer trusts its kept block and reads it back from the file.
        var second = TestData.Random(6000, seed: 31);
        await storage.WriteAsync(Segment, 5000, second, Ct);
        byte[] expected = [.. first, .. second];
        Assert.Equal(expected, await StorageFactory.ReadAllAsync(storage, Segment));
    }

    [Theory]
    [InlineData(ChunkWriteMode.Buffered)]
    [InlineData(ChunkWriteMode.Direct)]
    public async Task AWriteLargerThanTheStagingBufferGoesInPiecesAndReadsBackExactly(ChunkWriteMode mode)
    {
        using var dir = new TestDirectory();
        await using var storage = StorageFactory.Open(dir.Path, epoch: 1, maxChunk: 64L << 20, mode: mode);
        await storage.CreateAsync(Segment, Ct);
        var head = TestData.Random(1234, seed: 40);
        var large = TestData.Random((2 * DirectChunkAppender.MaxWriteLength) + 777, seed: 41);
        await storage.WriteAsync(Segment, 0, head, Ct);
        await storage.WriteAsync(Segment, head.Length, large, Ct);
        await storage.WriteAsync(Segment, head.Length + large.Length, head, Ct);
        byte[] expected = [.. head, .. large, .. head];
        Assert.Equal(expected, await StorageFactory.ReadAllAsync(storage, Segment));
    }

    [Fact]
    public async Task AutoResolvesAtTheFirstChunkToWhatTheProbeOfTheChunksDirectorySays()
    {
        using var dir = new TestDirectory();
        await using var storage = StorageFactory.Open(dir.Path, epoch: 1, mode: ChunkWriteMode.Auto);
        Assert.True(storage.WriteMode is null, $"Auto resolved before any chunk existed: {storage.WriteMode}");
        await storage.CreateAsync(Segment, Ct);
        await storage.WriteAsync(Segment, 0, new byte[10], Ct);
        var expected = DirectFile.IsSupportedIn(dir.Chunks, out _) ? ChunkWriteMode.Direct : ChunkWriteMode.Buffered;
        Assert.True(storage.WriteMode?.Mode == expected, $"Auto chose {storage.WriteMode?.Description}; the probe says {expected}");
    }

    private static async Task WriteInSmallPiecesAsync(FileSystemChunkStorage storage, byte[] data, long offset, int length, int seed)
    {
        var rng = new Random(seed);
        for (var done = 0; done < length;)
        {
            var n = Math.Min(rng.Next(1, 5000), length - done);
            await storage.WriteAsync(Segment, offset + done, data.AsMemory(done, n), Ct);
            done += n;
        }
    }

    private static long ChunkFileLength(TestDirectory dir, string chunkName) =>
        new FileInfo(Path.Combine(dir.Chunks, StoragePaths.ChunkFileName(chunkName))).Length;
}
