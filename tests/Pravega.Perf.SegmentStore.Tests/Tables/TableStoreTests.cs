using Pravega.Perf.SegmentStore.Contracts;
using Pravega.Perf.SegmentStore.Contracts.Exceptions;
using Pravega.Perf.SegmentStore.Contracts.Tables;
using Pravega.Perf.SegmentStore.Tables;
using static Pravega.Perf.SegmentStore.Tests.TestData;
using static Pravega.Perf.SegmentStore.Tests.Tables.TableHarness;

namespace Pravega.Perf.SegmentStore.Tests.Tables;

public sealed class TableStoreTests : TableTestBase
{
    private const string Table = "_system/_tables/unit";

    protected override async Task CreateTablesAsync()
    {
        await Tables.CreateAsync(Table, TableSegmentConfig.Hash, Ct);
    }

    [Fact]
    public async Task VersionsAreTheSegmentOffsetsOfTheEntries()
    {
        var versions = await Tables.UpdateAsync(Table, [TableEntry.Unversioned(Key("a"), Key("1")), TableEntry.Unversioned(Key("bb"), Key("22"))], -1, Ct);
        Assert.True(versions is [0, _], $"the first entry of an empty table is at offset 0, got {versions[0]}");
        Assert.True(versions[1] == EntrySerializer.SizeOf(1, 1), $"the second entry follows the first: {versions[1]}");
        var info = await Harness.Store.GetSegmentInfoAsync(Table, Ct);
        Assert.True(info.Length == versions[1] + EntrySerializer.SizeOf(2, 2), $"the segment holds exactly the two entries: {info.Length}");
        var got = await Tables.GetAsync(Table, [Key("a"), Key("bb")], Ct);
        Assert.True(got[0]!.Value.Key.Version == versions[0] && Text(got[0]!.Value.Value) == "1", "a reads back with its version");
        Assert.True(got[1]!.Value.Key.Version == versions[1] && Text(got[1]!.Value.Value) == "22", "bb reads back with its version");
    }

    [Fact]
    public async Task AConditionalInsertOfAnExistingKeyIsABadVersion()
    {
        await Tables.UpdateAsync(Table, [TableEntry.NotExists(Key("k"), Key("v1"))], -1, Ct);
        var e = await Assert.ThrowsAsync<TableKeyBadVersionException>(() => Tables.UpdateAsync(Table, [TableEntry.NotExists(Key("k"), Key("v2"))], -1, Ct));
        Assert.True(e.ExpectedVersion == TableKey.NotExists && e.ActualVersion == 0, $"bad version reports expected -1 and actual 0: {e.Message}");
        Assert.Equal("v1", Text((await Tables.GetAsync(Table, [Key("k")], Ct))[0]!.Value.Value));
    }

    [Fact]
    public async Task AStaleVersionIsABadVersionAndTheCurrentOneSucceeds()
    {
        var v1 = (await Tables.UpdateAsync(Table, [TableEntry.Unversioned(Key("k"), Key("1"))], -1, Ct))[0];
        var v2 = (await Tables.UpdateAsync(Table, [TableEntry.Versioned(Key("k"), Key("2"), v1)], -1, Ct))[0];
        Assert.True(v2 > v1, $"a new version is a later offset: {v1} then {v2}");
        await Assert.ThrowsAsync<TableKeyBadVersionException>(() => Tables.UpdateAsync(Table, [TableEntry.Versioned(Key("k"), Key("3"), v1)], -1, Ct));
        var v3 = (await Tables.UpdateAsync(Table, [TableEntry.Versioned(Key("k"), Key("3"), v2)], -1, Ct))[0];
        Assert.Equal("3", Text((await Tables.GetAsync(Table, [Key("k")], Ct))[0]!.Value.Value));
        Assert.True(v3 > v2, "every update gets a new, larger version");
    }

    [Fact]
    public async Task AVersionedUpdateOfAMissingKeyIsKeyNotExists()
    {
        await Assert.ThrowsAsync<TableKeyNotExistsException>(() => Tables.UpdateAsync(Table, [TableEntry.Versioned(Key("nope"), Key("x"), 0)], -1, Ct));
        await Assert.ThrowsAsync<TableKeyNotExistsException>(() => Tables.RemoveAsync(Table, [new TableKey(Key("nope"), 0)], -1, Ct));
    }

    [Fact]
    public async Task ABatchWithOneFailedConditionAppliesNothing()
    {
        await Tables.UpdateAsync(Table, [TableEntry.Unversioned(Key("existing"), Key("old"))], -1, Ct);
        var before = (await Harness.Store.GetSegmentInfoAsync(Table, Ct)).Length;
        await Assert.ThrowsAsync<TableKeyBadVersionException>(() => Tables.UpdateAsync(Table,
            [TableEntry.Unversioned(Key("fresh"), Key("x")), TableEntry.NotExists(Key("existing"), Key("new"))], -1, Ct));
        var after = (await Harness.Store.GetSegmentInfoAsync(Table, Ct)).Length;
        Assert.True(before == after, $"nothing was appended: {before} -> {after}");
        var got = await Tables.GetAsync(Table, [Key("fresh"), Key("existing")], Ct);
        Assert.True(got[0] is null, "the unconditional entry of the failed batch was not applied");
        Assert.Equal("old", Text(got[1]!.Value.Value));
    }

    [Fact]
    public async Task RemovalsAreConditionalOrUnconditionalAndAKeyIsMissingAfterRemoval()
    {
        var versions = await Tables.UpdateAsync(Table, [TableEntry.Unversioned(Key("a"), Key("1")), TableEntry.Unversioned(Key("b"), Key("2"))], -1, Ct);
        await Assert.ThrowsAsync<TableKeyBadVersionException>(() => Tables.RemoveAsync(Table, [new TableKey(Key("a"), versions[1])], -1, Ct));
        await Tables.RemoveAsync(Table, [new TableKey(Key("a"), versions[0])], -1, Ct);
        await Tables.RemoveAsync(Table, [TableKey.Unversioned(Key("b"))], -1, Ct);
        var length = (await Harness.Store.GetSegmentInfoAsync(Table, Ct)).Length;
        await Tables.RemoveAsync(Table, [TableKey.Unversioned(Key("never"))], -1, Ct);
        Assert.True(length == (await Harness.Store.GetSegmentInfoAsync(Table, Ct)).Length, "removing an absent key writes nothing");
        var got = await Tables.GetAsync(Table, [Key("a"), Key("b")], Ct);
        Assert.True(got[0] is null && got[1] is null, "both keys are gone");
        Assert.Equal(0, (await Tables.GetInfoAsync(Table, Ct)).EntryCount);
        var reinserted = await Tables.UpdateAsync(Table, [TableEntry.NotExists(Key("a"), Key("again"))], -1, Ct);
        Assert.True(reinserted[0] > versions[1], "a removed key can be inserted again, at a new version");
    }

    [Fact]
    public async Task TheTableSegmentOffsetConditionMustMatchTheLength()
    {
        await Tables.UpdateAsync(Table, [TableEntry.Unversioned(Key("a"), Key("1"))], -1, Ct);
        var length = (await Tables.GetInfoAsync(Table, Ct)).Length;
        await Assert.ThrowsAsync<BadOffsetException>(() => Tables.UpdateAsync(Table, [TableEntry.Unversioned(Key("b"), Key("2"))], length - 1, Ct));
        var versions = await Tables.UpdateAsync(Table, [TableEntry.Unversioned(Key("b"), Key("2"))], length, Ct);
        Assert.Equal(length, versions[0]);
    }

    [Fact]
    public async Task OversizedKeysValuesAndBatchesAreRefusedWithNothingApplied()
    {
        var big = await Assert.ThrowsAsync<TableLimitExceededException>(() =>
            Tables.UpdateAsync(Table, [TableEntry.Unversioned(new byte[TableLimits.MaxKeyLength + 1], Key("v"))], -1, Ct));
        Assert.True(big.What == "key" && big.Limit == 8192, big.Message);
        var value = await Assert.ThrowsAsync<TableLimitExceededException>(() =>
            Tables.UpdateAsync(Table, [TableEntry.Unversioned(Key("k"), new byte[TableLimits.MaxValueLength + 1])], -1, Ct));
        Assert.True(value.What == "value", value.Message);
        var entries = Enumerable.Range(0, 17).Select(i => TableEntry.Unversioned(Key("k" + i), new byte[TableLimits.MaxValueLength])).ToArray();
        var batch = await Assert.ThrowsAsync<TableLimitExceededException>(() => Tables.UpdateAsync(Table, entries, -1, Ct));
        Assert.True(batch.What == "batch", batch.Message);
        await Assert.ThrowsAsync<ArgumentException>(() => Tables.UpdateAsync(Table, [TableEntry.Unversioned(Array.Empty<byte>(), Key("v"))], -1, Ct));
        Assert.Equal(0, (await Harness.Store.GetSegmentInfoAsync(Table, Ct)).Length);

        var max = await Tables.UpdateAsync(Table, [TableEntry.Unversioned(new byte[TableLimits.MaxKeyLength], new byte[TableLimits.MaxValueLength])], -1, Ct);
        var got = await Tables.GetAsync(Table, [new byte[TableLimits.MaxKeyLength]], Ct);
        Assert.True(got[0]!.Value.Value.Length == TableLimits.MaxValueLength && got[0]!.Value.Key.Version == max[0], "a maximal entry round-trips");
    }

    [Fact]
    public async Task ABatchAboveTheEnginesOperationLimitIsATableLimitError()
    {
        await using var small = new TableStore(Harness.Store, new TableStoreOptions { AutomaticMaintenance = false, MaxBatchSize = 64 << 20 });
        var entries = Enumerable.Range(0, 17).Select(i => TableEntry.Unversioned(Key("k" + i), new byte[TableLimits.MaxValueLength])).ToArray();
        var e = await Assert.ThrowsAsync<TableLimitExceededException>(() => small.UpdateAsync(Table, entries, -1, Ct));
        Assert.True(e.What == "batch" && e.Limit < e.Size, e.Message);
        Assert.Equal(0, (await Harness.Store.GetSegmentInfoAsync(Table, Ct)).Length);
    }

    [Fact]
    public async Task AFixedKeyLengthTableAcceptsOnlyKeysOfItsLength()
    {
        const string fixedTable = "scope/kvt_kvtable/0.#epoch.0";
        await Tables.CreateAsync(fixedTable, new TableSegmentConfig(KeyLength: 4), Ct);
        var e = await Assert.ThrowsAsync<TableLimitExceededException>(() => Tables.UpdateAsync(fixedTable, [TableEntry.Unversioned(Key("abc"), Key("v"))], -1, Ct));
        Assert.True(e.What == "key length", e.Message);
        await Tables.UpdateAsync(fixedTable, [TableEntry.Unversioned(Key("abcd"), Key("v"))], -1, Ct);
        var info = await Tables.GetInfoAsync(fixedTable, Ct);
        Assert.True(info.KeyLength == 4 && info.EntryCount == 1, $"info: key length {info.KeyLength}, entries {info.EntryCount}");
        var segment = await Harness.Store.GetSegmentInfoAsync(fixedTable, Ct);
        Assert.True(segment.Type == SegmentType.FixedKeyLengthTableSegment, $"the segment is typed as a fixed-key table: {segment.Type}");
    }

    [Fact]
    public async Task DeleteMustBeEmptyRefusesATableWithKeysAndDeleteRemovesTheTableAndItsIndex()
    {
        await Tables.UpdateAsync(Table, [TableEntry.Unversioned(Key("a"), Key("1"))], -1, Ct);
        await Tables.SnapshotIndexAsync(Table, Ct);
        await Assert.ThrowsAsync<TableSegmentNotEmptyException>(() => Tables.DeleteAsync(Table, mustBeEmpty: true, Ct));
        await Tables.RemoveAsync(Table, [TableKey.Unversioned(Key("a"))], -1, Ct);
        await Tables.DeleteAsync(Table, mustBeEmpty: true, Ct);
        await Assert.ThrowsAsync<StreamSegmentNotExistsException>(() => Harness.Store.GetSegmentInfoAsync(Table, Ct));
        await Assert.ThrowsAsync<StreamSegmentNotExistsException>(() => Harness.Store.GetSegmentInfoAsync(TableStore.GetIndexSegmentName(Table), Ct));
        await Assert.ThrowsAsync<StreamSegmentNotExistsException>(() => Tables.GetAsync(Table, [Key("a")], Ct));
    }

    [Fact]
    public async Task AMissingSegmentIsNotExistsAndAStreamSegmentIsNotATable()
    {
        await Assert.ThrowsAsync<StreamSegmentNotExistsException>(() => Tables.GetAsync("_system/_tables/missing", [Key("a")], Ct));
        await Assert.ThrowsAsync<StreamSegmentNotExistsException>(() => Tables.UpdateAsync("_system/_tables/missing", [TableEntry.Unversioned(Key("a"), Key("1"))], -1, Ct));
        await Harness.Store.CreateSegmentAsync("scope/stream/0.#epoch.0", SegmentType.StreamSegment, [], Ct);
        await Assert.ThrowsAsync<ArgumentException>(() => Tables.GetInfoAsync("scope/stream/0.#epoch.0", Ct));
        await Assert.ThrowsAsync<StreamSegmentExistsException>(() => Tables.CreateAsync(Table, TableSegmentConfig.Hash, Ct));
    }

    [Fact]
    public async Task TwoTableStoresOnOneSegmentNeverBothInsertTheSameKey()
    {
        // The other store has an index that is behind: its conditional append fails, it catches up, its condition fails.
        await using var other = Harness.NewTableStore();
        await other.GetInfoAsync(Table, Ct);
        await Tables.UpdateAsync(Table, [TableEntry.NotExists(Key("leader"), Key("me"))], -1, Ct);
        await Assert.ThrowsAsync<TableKeyBadVersionException>(() => other.UpdateAsync(Table, [TableEntry.NotExists(Key("leader"), Key("other"))], -1, Ct));
        var fromOther = await other.GetAsync(Table, [Key("leader")], Ct);
        Assert.Equal("me", Text(fromOther[0]!.Value.Value));

        // Concurrent inserts of one key through both stores: exactly one wins.
        var attempts = Enumerable.Range(0, 20).Select(i => (i % 2 == 0 ? Tables : other)
            .UpdateAsync(Table, [TableEntry.NotExists(Key("race"), Key("w" + i))], -1, Ct)).ToArray();
        var outcomes = await Task.WhenAll(attempts.Select(async t =>
        {
            try
            {
                await t;
                return true;
            }
            catch (TableKeyBadVersionException)
            {
                return false;
            }
        }));
        Assert.True(outcomes.Count(o => o) == 1, $"exactly one insert wins, {outcomes.Count(o => o)} did");
    }
}
