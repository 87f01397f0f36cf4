using Pravega.Perf.SegmentStore.Contracts.Exceptions;
using Pravega.Perf.SegmentStore.Storage.Exceptions;
using Pravega.Perf.SegmentStore.Storage.FileSystem;

namespace Pravega.Perf.SegmentStore.Storage.Tests.FileSystem;

public sealed class FileSystemChunkStorageTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const string Segment = "scope/stream/0.#epoch.0";

    [Theory]
    [InlineData(ChunkWriteMode.Buffered)]
    [InlineData(ChunkWriteMode.Direct)]
    public async Task BytesWrittenAcrossManyRolloversReadBackExactlyFromAnyOffset(ChunkWriteMode mode)
    {
        using var dir = new TestDirectory();
        await using var storage = StorageFactory.Open(dir.Path, epoch: 1, maxChunk: 4096, mode: mode);
        await storage.CreateAsync(Segment, Ct);
        var expected = TestData.Random(300_000, seed: 1);
        var rng = new Random(2);
        var written = 0;
        while (written < expected.Length)
        {
            var n = Math.Min(rng.Next(1, 9000), expected.Length - written);
            await storage.WriteAsync(Segment, written, expected.AsMemory(written, n), Ct);
            written += n;
        }

        var chunks = await storage.ListChunksAsync(Segment, Ct);
        Assert.True(chunks.Count >= expected.Length / 4096, $"only {chunks.Count} chunks for {expected.Length} bytes at 4 KiB rollover");
        for (var i = 0; i < chunks.Count; i++)
        {
            Assert.True(chunks[i].Length is > 0 and <= 4096, $"chunk {i} holds {chunks[i].Length} bytes");
            Assert.True(chunks[i].StartOffset == (i == 0 ? 0 : chunks[i - 1].StartOffset + chunks[i - 1].Length), $"chunk {i} is not contiguous");
            Assert.True(ChunkName.TryParse(chunks[i].Name, out var seg, out var epoch, out var offset), $"'{chunks[i].Name}' is not a chunk name");
            Assert.True(seg.SequenceEqual(Segment) && epoch == 1 && offset == chunks[i].StartOffset, $"'{chunks[i].Name}' does not carry segment, epoch 1 and its offset");
        }

        Assert.Equal(expected, await StorageFactory.ReadAllAsync(storage, Segment));
        for (var i = 0; i < 300; i++)
        {
            var offset = rng.Next(expected.Length);
            var buffer = new byte[rng.Next(1, 20_000)];
            var n = await storage.ReadAsync(Segment, offset, buffer, Ct);
            Assert.True(n == Math.Min(buffer.Length, expected.Length - offset), $"read at {offset} returned {n}");
            Assert.True(buffer.AsSpan(0, n).SequenceEqual(expected.AsSpan(offset, n)), $"bytes differ in a read at {offset} of {buffer.Length}");
        }
        Assert.Equal(0, await storage.ReadAsync(Segment, expected.Length, new byte[10], Ct));

        await using var reopened = StorageFactory.Open(dir.Path, epoch: 2, mode: mode);
        Assert.Equal(expected, await StorageFactory.ReadAllAsync(reopened, Segment));
    }

    [Theory]
    [InlineData(ChunkWriteMode.Buffered)]
    [InlineData(ChunkWriteMode.Direct)]
    public async Task AWriteAtAnOffsetOtherThanTheLengthIsRefusedAndChangesNothing(ChunkWriteMode mode)
    {
        using var dir = new TestDirectory();
        await using var storage = StorageFactory.Open(dir.Path, epoch: 1, mode: mode);
        await storage.CreateAsync(Segment, Ct);
        await storage.WriteAsync(Segment, 0, new byte[100], Ct);
        var e = await Assert.ThrowsAsync<BadOffsetException>(async () => await storage.WriteAsync(Segment, 50, new byte[10], Ct));
        Assert.Equal(100, e.ActualOffset);
        Assert.Equal(100, (await storage.GetInfoAsync(Segment, Ct)).Length);
    }

    [Theory]
    [InlineData(ChunkWriteMode.Buffered)]
    [InlineData(ChunkWriteMode.Direct)]
    public async Task CreatingAnExistingSegmentFailsAndUnknownSegmentsDoNotExist(ChunkWriteMode mode)
    {
        using var dir = new TestDirectory();
        await using var storage = StorageFactory.Open(dir.Path, epoch: 1, mode: mode);
        await storage.CreateAsync(Segment, Ct);
        await Assert.ThrowsAsync<StreamSegmentExistsException>(async () => await storage.CreateAsync(Segment, Ct));
        Assert.True(await storage.ExistsAsync(Segment, Ct), "created segment does not exist");
        Assert.False(await storage.ExistsAsync("scope/stream/9", Ct), "unknown segment exists");
        await Assert.ThrowsAsync<StreamSegmentNotExistsException>(async () => await storage.ReadAsync("scope/stream/9", 0, new byte[1], Ct));
        await Assert.ThrowsAsync<StreamSegmentNotExistsException>(async () => await storage.WriteAsync("scope/stream/9", 0, new byte[1], Ct));
    }

    [Theory]
    [InlineData(ChunkWriteMode.Buffered)]
    [InlineData(ChunkWriteMode.Direct)]
    public async Task ASealedSegmentRefusesWritesAndStaysSealedAfterReopen(ChunkWriteMode mode)
    {
        using var dir = new TestDirectory();
        await using (var storage = StorageFactory.Open(dir.Path, epoch: 1, mode: mode))
        {
            await storage.CreateAsync(Segment, Ct);
            await storage.WriteAsync(Segment, 0, new byte[5000], Ct);
            await storage.SealAsync(Segment, Ct);
            await storage.SealAsync(Segment, Ct);
            await Assert.ThrowsAsync<StreamSegmentSealedException>(async () => await storage.WriteAsync(Segment, 5000, new byte[1], Ct));
        }
        await using var reopened = StorageFactory.Open(dir.Path, epoch: 2, mode: mode);
        var info = await reopened.GetInfoAsync(Segment, Ct);
        Assert.True(info.IsSealed && info.Length == 5000, $"after reopen: {info}");
        await Assert.ThrowsAsync<StreamSegmentSealedException>(async () => await reopened.WriteAsync(Segment, 5000, new byte[1], Ct));
    }

    [Theory]
    [InlineData(ChunkWriteMode.Buffered)]
    [InlineData(ChunkWriteMode.Direct)]
    public async Task ConcatRelinksTheSourceChunksWithoutCopyingAndRemovesTheSource(ChunkWriteMode mode)
    {
        using var dir = new TestDirectory();
        await using var storage = StorageFactory.Open(dir.Path, epoch: 1, maxChunk: 1000, mode: mode);
        const string source = Segment + "#transaction.00000000000000000000000000000001";
        var a = TestData.Random(2500, 3);
        var b = TestData.Random(3300, 4);
        await storage.CreateAsync(Segment, Ct);
        await storage.CreateAsync(source, Ct);
        await storage.WriteAsync(Segment, 0, a, Ct);
        await storage.WriteAsync(source, 0, b, Ct);
        await Assert.ThrowsAsync<SegmentNotSealedException>(async () => await storage.ConcatAsync(Segment, a.Length, source, Ct));
        await storage.SealAsync(source, Ct);
        var sourceChunks = await storage.ListChunksAsync(source, Ct);
        var filesBefore = dir.ChunkFiles();
        await Assert.ThrowsAsync<BadOffsetException>(async () => await storage.ConcatAsync(Segment, a.Length - 1, source, Ct));

        await storage.ConcatAsync(Segment, a.Length, source, Ct);

        Assert.False(await storage.ExistsAsync(source, Ct), "source still exists after concat");
        byte[] ab = [.. a, .. b];
        Assert.Equal(ab, await StorageFactory.ReadAllAsync(storage, Segment));
        Assert.Equal(filesBefore, dir.ChunkFiles());
        var chunks = await storage.ListChunksAsync(Segment, Ct);
        Assert.True(sourceChunks.All(sc => chunks.Any(c => c.Name == sc.Name && c.StartOffset == sc.StartOffset + a.Length)), "source chunks were not relinked at shifted offsets");
        await storage.WriteAsync(Segment, a.Length + b.Length, new byte[] { 7 }, Ct);
        await using var reopened = StorageFactory.Open(dir.Path, epoch: 2, mode: mode);
        byte[] ab7 = [.. a, .. b, 7];
        Assert.Equal(ab7, await StorageFactory.ReadAllAsync(reopened, Segment));
        Assert.False(await reopened.ExistsAsync(source, Ct), "source exists after reopen");
    }

    [Theory]
    [InlineData(ChunkWriteMode.Buffered)]
    [InlineData(ChunkWriteMode.Direct)]
    public async Task TruncateDropsWholeChunksBelowTheOffsetAndRemembersTheStart(ChunkWriteMode mode)
    {
        using var dir = new TestDirectory();
        await using var storage = StorageFactory.Open(dir.Path, epoch: 1, maxChunk: 1000, mode: mode);
        var data = TestData.Random(5500, 5);
        await storage.CreateAsync(Segment, Ct);
        await storage.WriteAsync(Segment, 0, data, Ct);
        Assert.Equal(6, dir.ChunkFiles().Length);

        await storage.TruncateAsync(Segment, 2500, Ct);

        var info = await storage.GetInfoAsync(Segment, Ct);
        Assert.True(info.StartOffset == 2500 && info.Length == 5500, $"after truncate: {info}");
        var chunks = await storage.ListChunksAsync(Segment, Ct);
        Assert.True(chunks[0].StartOffset == 2000 && chunks.Count == 4, $"kept chunks start at {chunks[0].StartOffset}, count {chunks.Count}");
        Assert.Equal(4, dir.ChunkFiles().Length);
        await Assert.ThrowsAsync<StreamSegmentTruncatedException>(async () => await storage.ReadAsync(Segment, 2499, new byte[1], Ct));
        Assert.Equal(data[2500..], await StorageFactory.ReadAllAsync(storage, Segment));
        await storage.TruncateAsync(Segment, 100, Ct);
        Assert.Equal(2500, (await storage.GetInfoAsync(Segment, Ct)).StartOffset);
        await Assert.ThrowsAsync<BadOffsetException>(async () => await storage.TruncateAsync(Segment, 5501, Ct));

        await using var reopened = StorageFactory.Open(dir.Path, epoch: 2, mode: mode);
        Assert.Equal(2500, (await reopened.GetInfoAsync(Segment, Ct)).StartOffset);
        Assert.Equal(data[2500..], await StorageFactory.ReadAllAsync(reopened, Segment));
    }

    [Theory]
    [InlineData(ChunkWriteMode.Buffered)]
    [InlineData(ChunkWriteMode.Direct)]
    public async Task DeleteRemovesTheMetadataAndEveryChunkFile(ChunkWriteMode mode)
    {
        using var dir = new TestDirectory();
        await using var storage = StorageFactory.Open(dir.Path, epoch: 1, maxChunk: 1000, mode: mode);
        await storage.CreateAsync(Segment, Ct);
        await storage.WriteAsync(Segment, 0, new byte[4500], Ct);
        await storage.DeleteAsync(Segment, Ct);
        Assert.False(await storage.ExistsAsync(Segment, Ct), "deleted segment exists");
        Assert.Empty(dir.ChunkFiles());
        Assert.Empty(Directory.GetDirectories(Path.Combine(dir.Path, "segments")));
        await storage.CreateAsync(Segment, Ct);
        Assert.Equal(0, (await storage.GetInfoAsync(Segment, Ct)).Length);
    }

    [Theory]
    [InlineData(ChunkWriteMode.Buffered)]
    [InlineData(ChunkWriteMode.Direct)]
    public async Task SegmentNamesWithAnyCharactersAndGreatLengthsMapToDistinctFiles(ChunkWriteMode mode)
    {
        using var dir = new TestDirectory();
        await using var storage = StorageFactory.Open(dir.Path, epoch: 1, mode: mode);
        string[] names = ["a/b", "a%2Fb", "a b", ".hidden", new string('x', 400), new string('x', 399) + "y", "_system/containers/metadata_3"];
        for (var i = 0; i < names.Length; i++)
        {
            await storage.CreateAsync(names[i], Ct);
            await storage.WriteAsync(names[i], 0, new[] { (byte)i }, Ct);
        }
        await using var reopened = StorageFactory.Open(dir.Path, epoch: 2, mode: mode);
        for (var i = 0; i < names.Length; i++)
        {
            Assert.Equal(new[] { (byte)i }, await StorageFactory.ReadAllAsync(reopened, names[i]));
        }
    }
}
