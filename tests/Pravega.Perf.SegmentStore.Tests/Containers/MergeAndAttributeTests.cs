using Pravega.Perf.Common;
using Pravega.Perf.SegmentStore.Contracts;
using Pravega.Perf.SegmentStore.Contracts.Appends;
using Pravega.Perf.SegmentStore.Contracts.Attributes;
using Pravega.Perf.SegmentStore.Contracts.Exceptions;
using Pravega.Perf.Testing.SegmentStore;
using static Pravega.Perf.SegmentStore.Tests.TestData;

namespace Pravega.Perf.SegmentStore.Tests.Containers;

public sealed class MergeAndAttributeTests
{
    private const string Target = "s/t/0";
    private const string Source = "s/t/0#transaction.00000000000000010000000000000002";
    private static readonly Uuid Writer = new(8, 8);
    private static readonly Uuid Custom = new(1, 1);

    [Fact]
    public async Task AMergeSealsTheSourceAppendsItsBytesAndIsIdempotent()
    {
        await using var store = await new InMemorySegmentStore(2).StartAsync();
        await store.CreateSegmentAsync(Target, SegmentType.StreamSegment, [], Ct);
        await store.CreateSegmentAsync(Source, SegmentType.StreamSegment, [], Ct);
        await store.AppendAsync(Target, Data(Bytes(100, 1)), new WriterUpdate(Writer, SegmentAttributes.NullValue, 1, 3), -1, Ct);
        await store.AppendAsync(Source, Data(Bytes(50, 2)), new WriterUpdate(Writer, SegmentAttributes.NullValue, 1, 4), -1, Ct);
        var tail = store.ReadAsync(Target, 100, 1000, Ct).AsTask();

        Assert.Equal(150, await store.MergeAsync(Target, Source, [], Ct));
        using (var woken = await tail)
        {
            Assert.True(woken.Data.Span.SequenceEqual(Bytes(50, 2)), "a merge wakes tail readers with the source's bytes");
        }
        await Assert.ThrowsAsync<StreamSegmentNotExistsException>(() => store.GetSegmentInfoAsync(Source, Ct));
        var info = await store.GetSegmentInfoAsync(Target, Ct);
        Assert.True(info.Attributes[SegmentAttributes.EventCount] == 7, "the source's event count adds to the target's");

        // The controller retries commits: a repeated merge answers with the target's length.
        Assert.Equal(150, await store.MergeAsync(Target, Source, [], Ct));
        using var read = await store.ReadAsync(Target, 0, 1000, Ct);
        Assert.True(read.Data.Span.SequenceEqual([.. Bytes(100, 1), .. Bytes(50, 2)]), "merged bytes follow the target's own");
    }

    [Fact]
    public async Task AMergeWhoseConditionFailsChangesNothing()
    {
        await using var store = await new InMemorySegmentStore().StartAsync();
        await store.CreateSegmentAsync(Target, SegmentType.StreamSegment, [], Ct);
        await store.CreateSegmentAsync(Source, SegmentType.StreamSegment, [], Ct);
        await store.AppendAsync(Source, Data(Bytes(50, 2)), WriterUpdate.None, -1, Ct);
        await Assert.ThrowsAsync<BadAttributeUpdateException>(() =>
            store.MergeAsync(Target, Source, [AttributeUpdate.ReplaceIfEquals(Custom, 2, 1)], Ct));
        var source = await store.GetSegmentInfoAsync(Source, Ct);
        Assert.False(source.IsSealed, "a failed merge does not seal the source");
        Assert.Equal(0, (await store.GetSegmentInfoAsync(Target, Ct)).Length);

        await store.SealAsync(Target, Ct);
        await Assert.ThrowsAsync<StreamSegmentSealedException>(() => store.MergeAsync(Target, Source, [], Ct));
    }

    [Fact]
    public async Task AttributeUpdatesFollowTheirTypesAndApplyAllOrNothing()
    {
        await using var store = await new InMemorySegmentStore().StartAsync();
        await store.CreateSegmentAsync("seg", SegmentType.StreamSegment, [AttributeUpdate.Replace(Custom, 5)], Ct);
        var other = new Uuid(2, 2);
        await store.UpdateAttributesAsync("seg", [AttributeUpdate.ReplaceIfEquals(Custom, 6, 5), AttributeUpdate.Accumulate(other, 3)], Ct);
        await store.UpdateAttributesAsync("seg", [AttributeUpdate.Accumulate(other, 4)], Ct);
        await Assert.ThrowsAsync<BadAttributeUpdateException>(() => store.UpdateAttributesAsync("seg",
            [AttributeUpdate.Replace(other, 100), AttributeUpdate.ReplaceIfEquals(Custom, 7, 5)], Ct));
        await Assert.ThrowsAsync<BadAttributeUpdateException>(() => store.UpdateAttributesAsync("seg",
            [new AttributeUpdate(Custom, AttributeUpdateType.None, 1)], Ct));
        await Assert.ThrowsAsync<BadAttributeUpdateException>(() => store.UpdateAttributesAsync("seg",
            [new AttributeUpdate(Custom, AttributeUpdateType.ReplaceIfGreater, 6)], Ct));
        var values = await store.GetAttributesAsync("seg", [Custom, other, Writer], Ct);
        Assert.Equal(6, values[Custom]);
        Assert.True(values[other] == 7, "a failed batch must not apply its first update");
        Assert.Equal(SegmentAttributes.NullValue, values[Writer]);

        await store.UpdateAttributesAsync("seg", [AttributeUpdate.Replace(Custom, SegmentAttributes.NullValue)], Ct);
        Assert.Equal(SegmentAttributes.NullValue, await store.GetAttributeAsync("seg", Custom, Ct));
        var info = await store.GetSegmentInfoAsync("seg", Ct);
        Assert.True(info.Attributes.ContainsKey(SegmentAttributes.CreationTime), "the store sets the creation time");
    }
}
