using Pravega.Perf.SegmentStore.Contracts.Tables;
using static Pravega.Perf.SegmentStore.Tests.TestData;
using static Pravega.Perf.SegmentStore.Tests.Tables.TableHarness;

namespace Pravega.Perf.SegmentStore.Tests.Tables;

public sealed class TableDeltaTests : TableTestBase
{
    private const string Table = "_system/_tables/delta";

    protected override async Task CreateTablesAsync()
    {
        await Tables.CreateAsync(Table, TableSegmentConfig.Hash, Ct);
    }

    [Fact]
    public async Task DeltaReadsReturnChangesInWriteOrderAndContinueFromTheLastPosition()
    {
        var v = await Tables.UpdateAsync(Table, [TableEntry.Unversioned(Key("a"), Key("1")), TableEntry.Unversioned(Key("b"), Key("2"))], -1, Ct);
        await Tables.RemoveAsync(Table, [TableKey.Unversioned(Key("a"))], -1, Ct);
        var first = await Tables.ReadDeltaAsync(Table, 0, 2, Ct);
        Assert.True(first.Entries.Count == 2 && !first.ReachedEnd && !first.ShouldClear, $"two of three changes: {first.Entries.Count}, end {first.ReachedEnd}");
        Assert.True(first.Entries[0].Key.Version == v[0] && first.Entries[1].Key.Version == v[1], "updates carry their versions");
        var second = await Tables.ReadDeltaAsync(Table, first.LastPosition, 10, Ct);
        Assert.True(second.Entries is [var removal] && Text(removal.Key.Key) == "a" && removal.Key.Version == TableKey.NotExists
            && removal.Value.IsEmpty, "the removal of a comes as a NOT_EXISTS entry with no value");
        Assert.True(second.ReachedEnd && second.LastPosition == (await Tables.GetInfoAsync(Table, Ct)).Length, "the last page reaches the end");
        var none = await Tables.ReadDeltaAsync(Table, second.LastPosition, 10, Ct);
        Assert.True(none.Entries.Count == 0 && none.ReachedEnd, "nothing after the end");
    }

    [Fact]
    public async Task ADeltaReadFromACompactedPositionTellsTheCallerToClear()
    {
        await Tables.UpdateAsync(Table, [TableEntry.Unversioned(Key("a"), Key("1"))], -1, Ct);
        await Tables.UpdateAsync(Table, [TableEntry.Unversioned(Key("a"), Key("2"))], -1, Ct);
        await Tables.CompactAsync(Table, force: true, Ct);
        var page = await Tables.ReadDeltaAsync(Table, 0, 10, Ct);
        Assert.True(page.ShouldClear, "position 0 was compacted away");
        Assert.True(page.Entries.Select(e => Text(e.Value)).Last() == "2", "the entries from the new head rebuild the current state");
        await Assert.ThrowsAsync<ArgumentException>(() => Tables.ReadDeltaAsync(Table, page.LastPosition + 1, 10, Ct));
    }
}
