using Pravega.Perf.Common;
using Pravega.Perf.SegmentStore.Contracts;
using Pravega.Perf.SegmentStore.Contracts.Appends;
using Pravega.Perf.SegmentStore.Contracts.Attributes;
using Pravega.Perf.SegmentStore.Contracts.Exceptions;
using Pravega.Perf.Testing.SegmentStore;
using static Pravega.Perf.SegmentStore.Tests.TestData;

namespace Pravega.Perf.SegmentStore.Tests.Containers;

public sealed class AppendTests
{
    private static readonly Uuid Writer = new(0x1234, 0x5678);

    [Fact]
    public async Task AppendsReturnTheNewLengthAndTheBytesReadBackInOrder()
    {
        await using var store = await new InMemorySegmentStore(2).StartAsync();
        await store.CreateSegmentAsync("s/t/0", SegmentType.StreamSegment, [], Ct);
        var a = Bytes(100, 1);
        var b = Bytes(50_000, 2);
        Assert.Equal(100, await store.AppendAsync("s/t/0", Data(a), WriterUpdate.None, -1, Ct));
        Assert.Equal(50_100, await store.AppendAsync("s/t/0", Data(b), WriterUpdate.None, -1, Ct));
        using var read = await store.ReadAsync("s/t/0", 0, 1 << 20, Ct);
        Assert.True(read.Length == 50_100, "a read returns all contiguous committed bytes");
        Assert.True(read.Data.Span.SequenceEqual([.. a, .. b]), "bytes read back differ from those appended");
        Assert.True(read.AtTail && !read.EndOfSegment, "the read reached the tail of an open segment");
    }

    [Fact]
    public async Task AcksAreDeliveredInOrderWhenContinuationsRunOnTheThreadPool()
    {
        await using var store = await new InMemorySegmentStore().StartAsync(o => o.InlineCompletions = false);
        await store.CreateSegmentAsync("seg", SegmentType.StreamSegment, [], Ct);
        var acks = new List<Task<long>>();
        for (var i = 1; i <= 20; i++)
        {
            acks.Add(store.AppendAsync("seg", Data(Bytes(5, i)), WriterUpdate.None, -1, Ct).AsTask());
        }
        Assert.Equal(Enumerable.Range(1, 20).Select(i => i * 5L), await Task.WhenAll(acks));
    }

    [Fact]
    public async Task AnAppendMadeOfThreePiecesIsStoredAsTheirConcatenation()
    {
        await using var store = await new InMemorySegmentStore().StartAsync();
        await store.CreateSegmentAsync("seg", SegmentType.StreamSegment, [], Ct);
        var all = Bytes(3000, 9);
        var data = new AppendData(new(all.AsMemory(0, 1000)), new(all.AsMemory(1000, 1)), new(all.AsMemory(1001)));
        Assert.Equal(3000, await store.AppendAsync("seg", data, WriterUpdate.None, -1, Ct));
        using var read = await store.ReadAsync("seg", 0, 5000, Ct);
        Assert.True(read.Data.Span.SequenceEqual(all), "pieces were not concatenated in order");
    }

    [Fact]
    public async Task ARetransmittedAppendWithAnOldEventNumberIsRejectedAndNotStored()
    {
        await using var store = await new InMemorySegmentStore().StartAsync();
        await store.CreateSegmentAsync("seg", SegmentType.StreamSegment, [], Ct);
        Assert.Equal(SegmentAttributes.NullValue, await store.GetAttributeAsync("seg", Writer, Ct));
        await store.AppendAsync("seg", Data(Bytes(10, 1)), new WriterUpdate(Writer, SegmentAttributes.NullValue, 5, 5), -1, Ct);
        await store.AppendAsync("seg", Data(Bytes(10, 2)), new WriterUpdate(Writer, 5, 8, 3), -1, Ct);

        // The client did not see the second ack and retransmits it as it was.
        var error = await Assert.ThrowsAsync<BadAttributeUpdateException>(async () =>
            await store.AppendAsync("seg", Data(Bytes(10, 2)), new WriterUpdate(Writer, 5, 8, 3), -1, Ct));
        Assert.Equal(8, error.ActualValue);
        var info = await store.GetSegmentInfoAsync("seg", Ct);
        Assert.True(info.Length == 20, "the retransmission must not be stored twice");
        Assert.Equal(8, info.Attributes[Writer]);
        Assert.True(info.Attributes[SegmentAttributes.EventCount] == 8, "event count accumulates per accepted append");
    }

    [Fact]
    public async Task AConditionalAppendIsStoredOnlyAtTheExpectedOffset()
    {
        await using var store = await new InMemorySegmentStore().StartAsync();
        await store.CreateSegmentAsync("seg", SegmentType.StreamSegment, [], Ct);
        Assert.Equal(10, await store.AppendAsync("seg", Data(Bytes(10, 1)), WriterUpdate.None, 0, Ct));
        var error = await Assert.ThrowsAsync<BadOffsetException>(async () =>
            await store.AppendAsync("seg", Data(Bytes(10, 1)), WriterUpdate.None, 0, Ct));
        Assert.Equal(10, error.ActualOffset);
        Assert.Equal(20, await store.AppendAsync("seg", Data(Bytes(10, 1)), WriterUpdate.None, 10, Ct));
    }

    [Fact]
    public async Task AppendsToMissingOrSealedSegmentsFailWithTheirTypedErrors()
    {
        await using var store = await new InMemorySegmentStore().StartAsync();
        await Assert.ThrowsAsync<StreamSegmentNotExistsException>(async () =>
            await store.AppendAsync("nope", Data(Bytes(1, 1)), WriterUpdate.None, -1, Ct));
        await store.CreateSegmentAsync("seg", SegmentType.StreamSegment, [], Ct);
        await store.AppendAsync("seg", Data(Bytes(7, 1)), WriterUpdate.None, -1, Ct);
        Assert.Equal(7, await store.SealAsync("seg", Ct));
        Assert.Equal(7, await store.SealAsync("seg", Ct));
        await Assert.ThrowsAsync<StreamSegmentSealedException>(async () =>
            await store.AppendAsync("seg", Data(Bytes(1, 1)), WriterUpdate.None, -1, Ct));
        await Assert.ThrowsAsync<StreamSegmentExistsException>(() =>
            store.CreateSegmentAsync("seg", SegmentType.StreamSegment, [], Ct));
    }

    [Fact]
    public async Task ASegmentOfAContainerNotOwnedHereGetsContainerNotFound()
    {
        var memory = new InMemorySegmentStore(4);
        await using var store = await memory.StartAsync(o => o.OwnedContainers = [0]);
        var foreign = Enumerable.Range(0, 100).Select(i => $"scope/stream/{i}").First(n => store.GetContainerId(n) != 0);
        var error = await Assert.ThrowsAsync<ContainerNotFoundException>(() =>
            store.CreateSegmentAsync(foreign, SegmentType.StreamSegment, [], Ct));
        Assert.Equal(store.GetContainerId(foreign), error.ContainerId);
    }

    [Fact]
    public async Task AnAppendLargerThanTheOperationLimitIsRejected()
    {
        await using var store = await new InMemorySegmentStore().StartAsync(o => o.MaxOperationSize = 1000);
        await store.CreateSegmentAsync("seg", SegmentType.StreamSegment, [], Ct);
        await Assert.ThrowsAsync<OperationTooLargeException>(async () =>
            await store.AppendAsync("seg", Data(Bytes(1001, 1)), WriterUpdate.None, -1, Ct));
    }

    [Fact]
    public async Task AnAppendLargerThanAFrameGetsAFrameOfItsOwn()
    {
        var memory = new InMemorySegmentStore();
        await using var store = await memory.StartAsync(o => o.MaxFrameSize = 16 * 1024);
        await store.CreateSegmentAsync("seg", SegmentType.StreamSegment, [], Ct);
        var big = Bytes(200_000, 3);
        Assert.Equal(200_000, await store.AppendAsync("seg", Data(big), WriterUpdate.None, -1, Ct));
        using var read = await store.ReadAsync("seg", 0, 1 << 20, Ct);
        Assert.True(read.Data.Span.SequenceEqual(big), "big append read back differs");
    }

    [Fact]
    public async Task WhenTheCacheIsFullAppendsFailWithCacheFullAndNothingIsStored()
    {
        await using var store = await new InMemorySegmentStore().StartAsync(o =>
        {
            o.CacheSizeBytes = 64 * 1024;
            o.CacheBlockSize = 4096;
        });
        await store.CreateSegmentAsync("seg", SegmentType.StreamSegment, [], Ct);
        await store.AppendAsync("seg", Data(Bytes(60_000, 1)), WriterUpdate.None, -1, Ct);
        await Assert.ThrowsAsync<CacheFullException>(async () =>
            await store.AppendAsync("seg", Data(Bytes(10_000, 2)), WriterUpdate.None, -1, Ct));
        Assert.True((await store.GetSegmentInfoAsync("seg", Ct)).Length == 60_000, "a rejected append leaves no trace");

        // Truncation frees whole blocks, which makes room again.
        await store.TruncateAsync("seg", 40_000, Ct);
        Assert.Equal(70_000, await store.AppendAsync("seg", Data(Bytes(10_000, 2)), WriterUpdate.None, -1, Ct));
    }

    [Fact]
    public async Task TransientSegmentsAreNamedAfterTheirParentAndWriter()
    {
        await using var store = await new InMemorySegmentStore(4).StartAsync();
        var name = await store.CreateTransientSegmentAsync("scope/stream/0.#epoch.0", Writer, Ct);
        Assert.StartsWith("scope/stream/0.#epoch.0#transient.00000000000012340000000000005678.", name, StringComparison.Ordinal);
        var info = await store.GetSegmentInfoAsync(name, Ct);
        Assert.Equal(SegmentType.Transient, info.Type);
        await store.DeleteAsync(name, Ct);
        await Assert.ThrowsAsync<StreamSegmentNotExistsException>(() => store.GetSegmentInfoAsync(name, Ct));
    }
}
