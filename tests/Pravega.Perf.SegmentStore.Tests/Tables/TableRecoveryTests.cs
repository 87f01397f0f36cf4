using Pravega.Perf.SegmentStore.Contracts;
using Pravega.Perf.SegmentStore.Contracts.Attributes;
using Pravega.Perf.SegmentStore.Contracts.Tables;
using Pravega.Perf.SegmentStore.Tables;
using Pravega.Perf.Testing.SegmentStore;
using static Pravega.Perf.SegmentStore.Tests.TestData;
using static Pravega.Perf.SegmentStore.Tests.Tables.TableHarness;

namespace Pravega.Perf.SegmentStore.Tests.Tables;

public sealed class TableRecoveryTests : TableTestBase
{
    private const string Table = "_system/_tables/recovery";

    protected override async Task CreateTablesAsync()
    {
        await Tables.CreateAsync(Table, TableSegmentConfig.Hash, Ct);
    }

    [Fact]
    public async Task TheIndexIsRebuiltAfterARestartWithTheSameVersions()
    {
        var expected = await PopulateAsync(Harness.Tables, 100);
        await Harness.RestartAsync();
        await AssertContentAsync(Harness.Tables, expected);
        var info = await Harness.Tables.GetInfoAsync(Table, Ct);
        Assert.True(info.EntryCount == expected.Count, $"entry count after recovery: {info.EntryCount}");
        Assert.True(Harness.Tables.BytesScanned == info.Length, "without a snapshot the whole segment is scanned");
    }

    [Fact]
    public async Task WithASnapshotAnOpenScansOnlyTheTailAfterIt()
    {
        var expected = await PopulateAsync(Harness.Tables, 200);
        Assert.True(await Harness.Tables.SnapshotIndexAsync(Table, Ct), "a snapshot was written");
        var covered = (await Harness.Tables.GetInfoAsync(Table, Ct)).Length;
        var versions = await Harness.Tables.UpdateAsync(Table, [TableEntry.Unversioned(Key("after-snapshot"), Key("tail"))], -1, Ct);
        expected["after-snapshot"] = (versions[0], "tail");
        await Harness.Tables.RemoveAsync(Table, [TableKey.Unversioned(Key("k3"))], -1, Ct);
        expected.Remove("k3");
        var length = (await Harness.Tables.GetInfoAsync(Table, Ct)).Length;

        await Harness.RestartAsync();
        await AssertContentAsync(Harness.Tables, expected);
        Assert.True(Harness.Tables.BytesScanned == length - covered,
            $"only the tail after the snapshot is scanned: {Harness.Tables.BytesScanned} of {length} bytes (snapshot covers {covered})");
    }

    [Fact]
    public async Task ASnapshotOfAnEarlierTableWithTheSameNameIsIgnored()
    {
        await PopulateAsync(Harness.Tables, 10);
        await Harness.Tables.SnapshotIndexAsync(Table, Ct);
        var indexName = TableStore.GetIndexSegmentName(Table);
        var snapshotAt = await Harness.Store.GetAttributeAsync(indexName, TableAttributes.SnapshotOffset, Ct);

        // Delete the table behind the table store's back, keeping its index segment, and create a new one by hand.
        await Harness.Store.DeleteAsync(Table, Ct);
        await Harness.Store.CreateSegmentAsync(Table, SegmentType.TableSegment,
            [AttributeUpdate.Replace(TableAttributes.InstanceId, 12345)], Ct);
        Assert.Equal(snapshotAt, await Harness.Store.GetAttributeAsync(indexName, TableAttributes.SnapshotOffset, Ct));
        await using var fresh = Harness.NewTableStore();
        var info = await fresh.GetInfoAsync(Table, Ct);
        Assert.True(info.EntryCount == 0, $"the old table's keys must not appear in the new one: {info.EntryCount}");
    }

    [Fact]
    public async Task ACrashWhileWritingASnapshotLeavesThePreviousOneCurrent()
    {
        var expected = await PopulateAsync(Harness.Tables, 50);
        await Harness.Tables.SnapshotIndexAsync(Table, Ct);
        var more = await PopulateAsync(Harness.Tables, 50, prefix: "m");
        foreach (var (k, v) in more)
        {
            expected[k] = v;
        }
        // The second snapshot's data reaches the index segment, then the process dies before it is made current.
        var indexName = TableStore.GetIndexSegmentName(Table);
        Harness.Faults.CrashWhen = call => call is { Operation: "UpdateAttributes" } && call.Segment == indexName;
        await Assert.ThrowsAsync<InjectedCrashException>(() => Harness.Tables.SnapshotIndexAsync(Table, Ct));

        await using var afterCrash = Harness.NewTableStore();
        await AssertContentAsync(afterCrash, expected);
    }

    [Fact]
    public async Task ARestartAfterManyOverwritesKeepsOnlyTheLatestValues()
    {
        var expected = new Dictionary<string, (long Version, string Value)>();
        for (var round = 0; round < 5; round++)
        {
            foreach (var (k, v) in await PopulateAsync(Harness.Tables, 30, value: "r" + round))
            {
                expected[k] = v;
            }
            if (round == 2)
            {
                await Harness.Tables.SnapshotIndexAsync(Table, Ct);
            }
        }
        await Harness.RestartAsync();
        await AssertContentAsync(Harness.Tables, expected);
    }

    internal static async Task<Dictionary<string, (long Version, string Value)>> PopulateAsync(TableStore tables, int count,
        string prefix = "k", string value = "v", string table = Table)
    {
        var keys = Enumerable.Range(0, count).Select(i => prefix + i).ToArray();
        var versions = await tables.UpdateAsync(table, [.. keys.Select(k => TableEntry.Unversioned(Key(k), Key(value + k)))], -1, Ct);
        return keys.Select((k, i) => (k, versions[i])).ToDictionary(p => p.k, p => (p.Item2, value + p.k));
    }

    internal static async Task AssertContentAsync(TableStore tables, Dictionary<string, (long Version, string Value)> expected,
        string table = Table)
    {
        var keys = expected.Keys.ToArray();
        var got = await tables.GetAsync(table, [.. keys.Select(k => (ReadOnlyMemory<byte>)Key(k))], Ct);
        for (var i = 0; i < keys.Length; i++)
        {
            var (version, value) = expected[keys[i]];
            Assert.True(got[i] is { } e && e.Key.Version == version && Text(e.Value) == value,
                $"key {keys[i]}: expected version {version} value {value}, got {(got[i] is { } g ? $"{g.Key.Version} {Text(g.Value)}" : "nothing")}");
        }
        var info = await tables.GetInfoAsync(table, Ct);
        Assert.True(info.EntryCount == expected.Count, $"entry count: expected {expected.Count}, got {info.EntryCount}");
    }
}
