using Pravega.Perf.SegmentStore.Storage.Exceptions;
using Pravega.Perf.SegmentStore.Storage.FileSystem;

namespace Pravega.Perf.SegmentStore.Storage.Tests.FileSystem;

public sealed class FencingTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const string Segment = "scope/stream/1";

    [Theory]
    [InlineData(ChunkWriteMode.Buffered)]
    [InlineData(ChunkWriteMode.Direct)]
    public async Task OnceANewerEpochOpensTheSegmentTheOldOwnerCanNoLongerChangeIt(ChunkWriteMode mode)
    {
        using var dir = new TestDirectory();
        await using var old = StorageFactory.Open(dir.Path, epoch: 3, maxChunk: 1000, mode: mode);
        await old.CreateAsync(Segment, Ct);
        await old.CreateAsync(Segment + "-src", Ct);
        await old.WriteAsync(Segment, 0, TestData.Random(1500, 1), Ct);
        await old.WriteAsync(Segment + "-src", 0, new byte[10], Ct);
        await old.SealAsync(Segment + "-src", Ct);

        await using var next = StorageFactory.Open(dir.Path, epoch: 4, maxChunk: 1000, mode: mode);
        var info = await next.OpenWriteAsync(Segment, Ct);
        Assert.Equal(4, info.OwnerEpoch);

        var fenced = await Assert.ThrowsAsync<StorageFencedException>(async () => await old.WriteAsync(Segment, 1500, new byte[100], Ct));
        Assert.True(fenced.Epoch == 3 && fenced.OwnerEpoch == 4, fenced.Message);
        await Assert.ThrowsAsync<StorageFencedException>(async () => await old.TruncateAsync(Segment, 10, Ct));
        await Assert.ThrowsAsync<StorageFencedException>(async () => await old.SealAsync(Segment, Ct));
        await Assert.ThrowsAsync<StorageFencedException>(async () => await old.ConcatAsync(Segment, 1500, Segment + "-src", Ct));
        await Assert.ThrowsAsync<StorageFencedException>(async () => await old.DeleteAsync(Segment, Ct));

        await next.WriteAsync(Segment, 1500, new byte[] { 1, 2, 3 }, Ct);
        byte[] expected = [.. TestData.Random(1500, 1), 1, 2, 3];
        Assert.Equal(expected, await StorageFactory.ReadAllAsync(next, Segment));
        Assert.Equal(1503, (await old.GetInfoAsync(Segment, Ct)).Length);
        var chunks = await next.ListChunksAsync(Segment, Ct);
        Assert.True(ChunkName.TryParse(chunks[^1].Name, out _, out var epoch, out _) && epoch == 4, $"new owner appended into '{chunks[^1].Name}', an old epoch's chunk");
    }

    [Theory]
    [InlineData(ChunkWriteMode.Buffered)]
    [InlineData(ChunkWriteMode.Direct)]
    public async Task AStaleOwnerIsFencedEvenAfterTheNewOwnerCommittedManyVersions(ChunkWriteMode mode)
    {
        using var dir = new TestDirectory();
        await using var old = StorageFactory.Open(dir.Path, epoch: 1, mode: mode);
        await old.CreateAsync(Segment, Ct);
        await old.WriteAsync(Segment, 0, new byte[10], Ct);
        await using var next = StorageFactory.Open(dir.Path, epoch: 2, mode: mode);
        for (var i = 0; i < 20; i++)
        {
            await next.WriteAsync(Segment, 10 + i, new byte[] { (byte)i }, Ct);
        }
        await Assert.ThrowsAsync<StorageFencedException>(async () => await old.WriteAsync(Segment, 10, new byte[5], Ct));
        Assert.Equal(30, (await next.GetInfoAsync(Segment, Ct)).Length);
    }

    [Theory]
    [InlineData(ChunkWriteMode.Buffered)]
    [InlineData(ChunkWriteMode.Direct)]
    public async Task AnOwnerWithALowerEpochCannotTakeASegmentBack(ChunkWriteMode mode)
    {
        using var dir = new TestDirectory();
        await using (var newer = StorageFactory.Open(dir.Path, epoch: 7, mode: mode))
        {
            await newer.CreateAsync(Segment, Ct);
        }
        await using var older = StorageFactory.Open(dir.Path, epoch: 6, mode: mode);
        await Assert.ThrowsAsync<StorageFencedException>(async () => await older.OpenWriteAsync(Segment, Ct));
        await Assert.ThrowsAsync<StorageFencedException>(async () => await older.WriteAsync(Segment, 0, new byte[1], Ct));
        var report = await older.ReconcileAsync(Ct);
        Assert.True(report.SegmentsOwnedByNewerEpoch == 1 && report.OrphanCollectionSkipped, $"stale reconcile: {report}");
    }

    [Theory]
    [InlineData(ChunkWriteMode.Buffered)]
    [InlineData(ChunkWriteMode.Direct)]
    public async Task ATakeoverRacingTheOldOwnersWritesKeepsExactlyTheWritesTheOldOwnerSawAcknowledged(ChunkWriteMode mode)
    {
        for (var round = 0; round < 5; round++)
        {
            using var dir = new TestDirectory();
            await using var old = StorageFactory.Open(dir.Path, epoch: 5, maxChunk: 700, mode: mode);
            await using var next = StorageFactory.Open(dir.Path, epoch: 6, maxChunk: 700, mode: mode);
            await old.CreateAsync(Segment, Ct);
            var acked = new List<byte>();
            var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var writer = Task.Run(async () =>
            {
                for (var i = 0; ; i++)
                {
                    var block = Enumerable.Repeat((byte)i, 100).ToArray();
                    try
                    {
                        await old.WriteAsync(Segment, acked.Count, block, Ct);
                    }
                    catch (StorageFencedException)
                    {
                        return i;
                    }
                    acked.AddRange(block);
                    if (i == 10 + round)
                    {
                        started.TrySetResult();
                    }
                }
            }, Ct);
            await started.Task;
            await next.OpenWriteAsync(Segment, Ct);
            var attempts = await writer;
            var info = await next.GetInfoAsync(Segment, Ct);
            Assert.True(info.Length == acked.Count, $"round {round}: new owner sees {info.Length} bytes, the old owner had {acked.Count} acknowledged after {attempts} writes");
            Assert.Equal(acked.ToArray(), await StorageFactory.ReadAllAsync(next, Segment));
        }
    }
}
