using Pravega.Perf.SegmentStore.Contracts;
using Pravega.Perf.SegmentStore.Contracts.Appends;
using Pravega.Perf.SegmentStore.Contracts.Exceptions;
using Pravega.Perf.Testing.SegmentStore;
using static Pravega.Perf.SegmentStore.Tests.TestData;

namespace Pravega.Perf.SegmentStore.Tests.Containers;

public sealed class ReadTests
{
    [Fact]
    public async Task ATailReadWaitsAndCompletesWithTheNextAppend()
    {
        await using var store = await Started();
        await store.AppendAsync("seg", Data(Bytes(10, 1)), WriterUpdate.None, -1, Ct);
        var read = store.ReadAsync("seg", 10, 1000, Ct).AsTask();
        Assert.False(read.IsCompleted, "a read at the tail waits for data");
        await store.AppendAsync("seg", Data(Bytes(20, 2)), WriterUpdate.None, -1, Ct);
        using var result = await read;
        Assert.Equal(10, result.Offset);
        Assert.True(result.Data.Span.SequenceEqual(Bytes(20, 2)), "the tail read returns the appended bytes");
        Assert.True(result.AtTail, "the read reached the tail");
    }

    [Fact]
    public async Task ATailReadCompletesWithEndOfSegmentWhenTheSegmentIsSealed()
    {
        await using var store = await Started();
        var read = store.ReadAsync("seg", 0, 1000, Ct).AsTask();
        Assert.False(read.IsCompleted, "a read at the tail waits");
        await store.SealAsync("seg", Ct);
        using var result = await read;
        Assert.True(result.EndOfSegment && result.Length == 0, "sealing ends the wait with end of segment");
        using var again = await store.ReadAsync("seg", 0, 1000, Ct);
        Assert.True(again.EndOfSegment, "reading at the end of a sealed segment answers end of segment at once");
    }

    [Fact]
    public async Task ATailReadEndsEmptyAtTailWhenTheStoreShutsDown()
    {
        var store = await Started();
        var read = store.ReadAsync("seg", 0, 1000, Ct).AsTask();
        await store.DisposeAsync();
        using var result = await read;
        Assert.True(result.AtTail && result.Length == 0 && !result.EndOfSegment, "shutdown answers an empty tail read");
    }

    [Fact]
    public async Task ATailReadFailsWhenTheSegmentIsDeletedAndCanBeCancelled()
    {
        await using var store = await Started();
        using var cancel = new CancellationTokenSource();
        var cancelled = store.ReadAsync("seg", 0, 1000, cancel.Token).AsTask();
        var deleted = store.ReadAsync("seg", 0, 1000, Ct).AsTask();
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        await store.DeleteAsync("seg", Ct);
        await Assert.ThrowsAsync<StreamSegmentNotExistsException>(() => deleted);
    }

    [Fact]
    public async Task ReadsBelowTheStartOffsetAreTruncatedAndBeyondTheLengthAreBadOffsets()
    {
        await using var store = await Started();
        await store.AppendAsync("seg", Data(Bytes(10_000, 1)), WriterUpdate.None, -1, Ct);
        await store.TruncateAsync("seg", 6000, Ct);
        var truncated = await Assert.ThrowsAsync<StreamSegmentTruncatedException>(async () =>
            await store.ReadAsync("seg", 100, 10, Ct));
        Assert.Equal(6000, truncated.StartOffset);
        await Assert.ThrowsAsync<BadOffsetException>(async () => await store.ReadAsync("seg", 10_001, 10, Ct));
        using var read = await store.ReadAsync("seg", 6000, 100_000, Ct);
        Assert.True(read.Data.Span.SequenceEqual(Bytes(10_000, 1).AsSpan(6000)), "bytes after the truncation point remain");
        Assert.Equal(6000, (await store.GetSegmentInfoAsync("seg", Ct)).StartOffset);
    }

    [Fact]
    public async Task AReadReturnsAtMostTheRequestedLengthAcrossCacheBlocks()
    {
        await using var store = await Started();
        var bytes = Bytes(30_000, 4);
        await store.AppendAsync("seg", Data(bytes), WriterUpdate.None, -1, Ct);
        using var read = await store.ReadAsync("seg", 4000, 9000, Ct);
        Assert.True(read.Data.Span.SequenceEqual(bytes.AsSpan(4000, 9000)), "a read spanning blocks returns the right slice");
        Assert.False(read.AtTail, "the read stopped before the tail");
    }

    private static async Task<SegmentStoreService> Started()
    {
        var store = await new InMemorySegmentStore().StartAsync();
        await store.CreateSegmentAsync("seg", SegmentType.StreamSegment, [], Ct);
        return store;
    }
}
