using Pravega.Perf.Common;
using Pravega.Perf.SegmentStore.Contracts;
using Pravega.Perf.SegmentStore.Contracts.Appends;
using Pravega.Perf.SegmentStore.Contracts.Attributes;
using Pravega.Perf.SegmentStore.Contracts.Exceptions;
using Pravega.Perf.Testing.SegmentStore;
using static Pravega.Perf.SegmentStore.Tests.TestData;

namespace Pravega.Perf.SegmentStore.Tests.Containers;

public sealed class GroupCommitTests
{
    private static readonly Uuid Writer = new(1, 2);

    [Fact]
    public async Task AppendsArrivingWhileAFrameIsBeingWrittenShareTheNextFrameAndAreAckedOnlyWhenItIsDurable()
    {
        var memory = new InMemorySegmentStore();
        await using var store = await memory.StartAsync();
        await store.CreateSegmentAsync("a", SegmentType.StreamSegment, [], Ct);
        await store.CreateSegmentAsync("b", SegmentType.StreamSegment, [], Ct);
        var device = memory.Devices[0];
        var writesBefore = device.Writes;
        device.CloseGate();

        var first = store.AppendAsync("a", Data(Bytes(10, 1)), WriterUpdate.None, -1, Ct).AsTask();
        await device.WaitForWriteAsync(); // the arrival of the create frames
        await device.WaitForWriteAsync();
        await device.WaitForWriteAsync(); // the first append's frame, now held at the gate
        var rest = new List<Task<long>>();
        for (var i = 0; i < 50; i++)
        {
            rest.Add(store.AppendAsync(i % 2 == 0 ? "a" : "b", Data(Bytes(10, i)), WriterUpdate.None, -1, Ct).AsTask());
        }
        Assert.False(first.IsCompleted, "an append must not be acked before its frame is durable");
        Assert.True(rest.All(t => !t.IsCompleted), "appends in a frame that was not written yet must not be acked");

        device.OpenGate();
        Assert.Equal(10, await first);
        var lengths = await Task.WhenAll(rest);
        Assert.True(device.Writes - writesBefore == 2, $"51 appends took {device.Writes - writesBefore} writes; expected 2 frames");
        Assert.Equal(Enumerable.Range(1, 25).Select(i => 10L + i * 10), lengths.Where((_, i) => i % 2 == 0));
        Assert.Equal(Enumerable.Range(1, 25).Select(i => i * 10L), lengths.Where((_, i) => i % 2 == 1));
    }

    [Fact]
    public async Task AFailedFrameFailsEverythingAfterItAndRollsBackTheirMetadata()
    {
        var memory = new InMemorySegmentStore();
        await using var store = await memory.StartAsync();
        await store.CreateSegmentAsync("seg", SegmentType.StreamSegment, [], Ct);
        await store.AppendAsync("seg", Data(Bytes(100, 1)), new WriterUpdate(Writer, SegmentAttributes.NullValue, 1, 1), -1, Ct);
        var device = memory.Devices[0];
        device.CloseGate();
        var doomed = store.AppendAsync("seg", Data(Bytes(10, 2)), new WriterUpdate(Writer, 1, 2, 1), -1, Ct).AsTask();
        await device.WaitForWriteAsync();
        await device.WaitForWriteAsync();
        await device.WaitForWriteAsync(); // create, first append, then the doomed frame held at the gate

        // Validated against the doomed append's state: expected offset 110 and event number 2.
        var dependent = store.AppendAsync("seg", Data(Bytes(10, 3)), new WriterUpdate(Writer, 2, 3, 1), 110, Ct).AsTask();
        var attributes = store.UpdateAttributesAsync("seg", [AttributeUpdate.Replace(new Uuid(9, 9), 42)], Ct);
        device.FailAfterWrites = device.Writes;
        device.OpenGate();

        await Assert.ThrowsAsync<DurableLogException>(() => doomed);
        await Assert.ThrowsAsync<DurableLogException>(() => dependent);
        await Assert.ThrowsAsync<DurableLogException>(() => attributes);

        device.FailAfterWrites = null;
        var info = await store.GetSegmentInfoAsync("seg", Ct);
        Assert.True(info.Length == 100, "failed appends must not count");
        Assert.Equal(1, info.Attributes[Writer]);
        Assert.False(info.Attributes.ContainsKey(new Uuid(9, 9)), "a failed attribute update must not count");

        // The pending state was rolled back: the next append is validated against offset 100 and event number 1.
        Assert.Equal(110, await store.AppendAsync("seg", Data(Bytes(10, 4)), new WriterUpdate(Writer, 1, 2, 1), 100, Ct));
        await store.DisposeAsync();

        // And the log holds exactly what was acknowledged.
        await using var recovered = await memory.StartAsync();
        var again = await recovered.GetSegmentInfoAsync("seg", Ct);
        Assert.Equal(110, again.Length);
        Assert.Equal(2, again.Attributes[Writer]);
        using var read = await recovered.ReadAsync("seg", 100, 100, Ct);
        Assert.True(read.Data.Span.SequenceEqual(Bytes(10, 4)), "the bytes after the rollback are the retried append's");
    }

    [Fact]
    public async Task AppendsFromManyThreadsAreAllDurableAndEachSegmentsBytesAreInCallOrder()
    {
        var memory = new InMemorySegmentStore(2);
        await using var store = await memory.StartAsync();
        const int Segments = 8;
        const int PerSegment = 200;
        for (var s = 0; s < Segments; s++)
        {
            await store.CreateSegmentAsync($"seg{s}", SegmentType.StreamSegment, [], Ct);
        }
        await Task.WhenAll(Enumerable.Range(0, Segments).Select(s => Task.Run(async () =>
        {
            var writer = new Uuid(7, s);
            var pending = new List<Task<long>>();
            for (var e = 0; e < PerSegment; e++)
            {
                var data = BitConverter.GetBytes(e);
                var update = new WriterUpdate(writer, e == 0 ? SegmentAttributes.NullValue : e - 1, e, 1);
                pending.Add(store.AppendAsync($"seg{s}", Data(data), update, -1, Ct).AsTask());
            }
            await Task.WhenAll(pending);
        }, Ct)));
        for (var s = 0; s < Segments; s++)
        {
            using var read = await store.ReadAsync($"seg{s}", 0, 1 << 20, Ct);
            Assert.Equal(PerSegment * 4, read.Length);
            for (var e = 0; e < PerSegment; e++)
            {
                Assert.True(BitConverter.ToInt32(read.Data.Span[(e * 4)..]) == e, $"seg{s} event {e} out of order");
            }
        }
    }
}
