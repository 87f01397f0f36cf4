using System.Diagnostics;
using Pravega.Perf.SegmentStore.Storage.Exceptions;
using Pravega.Perf.SegmentStore.Storage.FileSystem;

namespace Pravega.Perf.SegmentStore.Storage.Tests.Compression;

public sealed class CompressionTests
{
    private const string Segment = "scope/stream/5";
    private readonly ITestOutputHelper _output;

    public CompressionTests(ITestOutputHelper output)
    {
        _output = output;
    }

    [Theory]
    [InlineData(ChunkWriteMode.Buffered)]
    [InlineData(ChunkWriteMode.Direct)]
    public async Task RandomReadsOfCompressedChunksReturnTheSameBytesAsUncompressedOnes(ChunkWriteMode mode)
    {
        using var plainDir = new TestDirectory();
        using var packedDir = new TestDirectory();
        await using var plain = StorageFactory.Open(plainDir.Path, epoch: 1, maxChunk: 256 * 1024, mode: mode);
        await using var packed = StorageFactory.Open(packedDir.Path, epoch: 1, maxChunk: 256 * 1024, compress: true, frameSize: 64 * 1024, mode: mode);
        var data = TestData.Events(2_000_000, seed: 7);
        foreach (var storage in new[] { plain, packed })
        {
            await storage.CreateAsync(Segment, Ct);
            for (var offset = 0; offset < data.Length; offset += 100_000)
            {
                await storage.WriteAsync(Segment, offset, data.AsMemory(offset, Math.Min(100_000, data.Length - offset)), Ct);
            }
            await storage.SealAsync(Segment, Ct);
        }
        var chunks = await packed.ListChunksAsync(Segment, Ct);
        Assert.True(chunks.All(c => c.IsCompressed), $"{chunks.Count(c => !c.IsCompressed)} of {chunks.Count} closed chunks stayed raw");
        var stats = packed.CompressionStatistics;
        Assert.True(stats.Ratio < 0.5, $"event text compressed only to {stats.Ratio:P1}");

        var rng = new Random(11);
        var a = new byte[70_000];
        var b = new byte[70_000];
        var stopwatch = new Stopwatch();
        const int Reads = 2000;
        for (var i = 0; i < Reads; i++)
        {
            var offset = rng.Next(data.Length);
            var length = rng.Next(1, i % 10 == 0 ? a.Length : 4096);
            var na = await plain.ReadAsync(Segment, offset, a.AsMemory(0, length), Ct);
            stopwatch.Start();
            var nb = await packed.ReadAsync(Segment, offset, b.AsMemory(0, length), Ct);
            stopwatch.Stop();
            Assert.True(na == nb && a.AsSpan(0, na).SequenceEqual(b.AsSpan(0, nb)), $"compressed read at {offset} of {length} differs");
            Assert.True(a.AsSpan(0, na).SequenceEqual(data.AsSpan(offset, na)), $"plain read at {offset} of {length} differs from the data written");
        }

        await using var reopened = StorageFactory.Open(packedDir.Path, epoch: 2, mode: mode);
        Assert.Equal(data, await StorageFactory.ReadAllAsync(reopened, Segment));
        _output.WriteLine($"compressed {stats.ChunksCompressed} chunks: {stats.RawBytes} -> {stats.StoredBytes} bytes (ratio {stats.Ratio:F3}); " +
            $"{Reads} random reads from compressed chunks took {stopwatch.Elapsed.TotalMicroseconds / Reads:F0} µs each on average (64 KiB frames; informational, see bench/Storage)");
    }

    [Theory]
    [InlineData(ChunkWriteMode.Buffered)]
    [InlineData(ChunkWriteMode.Direct)]
    public async Task IncompressibleChunksStayRawAndReadBackExactly(ChunkWriteMode mode)
    {
        using var dir = new TestDirectory();
        await using var storage = StorageFactory.Open(dir.Path, epoch: 1, maxChunk: 10_000, compress: true, mode: mode);
        var data = TestData.Random(35_000, 8);
        await storage.CreateAsync(Segment, Ct);
        await storage.WriteAsync(Segment, 0, data, Ct);
        await storage.SealAsync(Segment, Ct);
        Assert.True((await storage.ListChunksAsync(Segment, Ct)).All(c => !c.IsCompressed), "random bytes were stored compressed");
        Assert.Equal(4, storage.CompressionStatistics.ChunksLeftRaw);
        Assert.Equal(data, await StorageFactory.ReadAllAsync(storage, Segment));
    }

    [Theory]
    [InlineData(ChunkWriteMode.Buffered)]
    [InlineData(ChunkWriteMode.Direct)]
    public async Task ChunksClosedWhileCompressionWasOffCanBeCompressedLater(ChunkWriteMode mode)
    {
        using var dir = new TestDirectory();
        var data = TestData.Events(50_000, 9);
        await using (var off = StorageFactory.Open(dir.Path, epoch: 1, maxChunk: 8192, mode: mode))
        {
            await off.CreateAsync(Segment, Ct);
            await off.WriteAsync(Segment, 0, data, Ct);
        }
        await using var on = StorageFactory.Open(dir.Path, epoch: 2, maxChunk: 8192, compress: true, mode: mode);
        var count = await on.CompressClosedChunksAsync(Segment, Ct);
        var chunks = await on.ListChunksAsync(Segment, Ct);
        Assert.True(count == chunks.Count - 1 && !chunks[^1].IsCompressed, $"compressed {count} of {chunks.Count} chunks; the open last one must stay raw");
        Assert.Equal(chunks.Count, dir.ChunkFiles().Length);
        Assert.Equal(data, await StorageFactory.ReadAllAsync(on, Segment));
    }

    [Theory]
    [InlineData(ChunkWriteMode.Buffered)]
    [InlineData(ChunkWriteMode.Direct)]
    public async Task ACorruptCompressedFrameIsReportedNotReturned(ChunkWriteMode mode)
    {
        using var dir = new TestDirectory();
        await using (var storage = StorageFactory.Open(dir.Path, epoch: 1, maxChunk: 100_000, compress: true, mode: mode))
        {
            await storage.CreateAsync(Segment, Ct);
            await storage.WriteAsync(Segment, 0, TestData.Events(100_000, 10), Ct);
            await storage.SealAsync(Segment, Ct);
        }
        var file = Path.Combine(dir.Chunks, dir.ChunkFiles().Single());
        Assert.EndsWith(".zst", file, StringComparison.Ordinal);
        var bytes = await File.ReadAllBytesAsync(file, Ct);
        bytes[10] ^= 0xFF;
        await File.WriteAllBytesAsync(file, bytes, Ct);
        await using var reader = StorageFactory.Open(dir.Path, epoch: 2, mode: mode);
        await Assert.ThrowsAsync<StorageCorruptException>(async () => await reader.ReadAsync(Segment, 5, new byte[10], Ct));
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;
}
