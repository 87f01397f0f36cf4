using Pravega.Perf.SegmentStore.Contracts;
using Pravega.Perf.SegmentStore.Contracts.Attributes;
using Pravega.Perf.SegmentStore.Contracts.Tables;
using Pravega.Perf.SegmentStore.Tables;
using Pravega.Perf.Testing.SegmentStore;
using static Pravega.Perf.SegmentStore.Tests.TestData;
using static Pravega.Perf.SegmentStore.Tests.Tables.TableHarness;

namespace Pravega.Perf.SegmentStore.Tests.Tables;

public sealed class TableRecoveryTests : IAsyncLifetime
{
    private const string Table = "_system/_tables/recovery";
    private TableHarness _harness = null!;

    public async ValueTask InitializeAsync()
    {
        _harness = await TableHarness.StartAsync();
        await _harness.Tables.CreateAsync(Table, TableSegmentConfig.Hash, Ct);
    }

    public async ValueTask DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task TheIndexIsRebuiltAfterARestartWithTheSameVersions()
    {
        var expected = await PopulateAsync(_harness.Tables, 100);
        await _harness.RestartAsync();
        await AssertContentAsync(_harness.Tables, expected);
        var info = await _harness.Tables.GetInfoAsync(Table, Ct);
        Assert.True(info.EntryCount == expected.Count, $"entry count after recovery: {info.EntryCount}");
        Assert.True(_harness.Tables.BytesScanned == info.Length, "without a snapshot the whole segment is scanned");
    }

    [Fact]
    public async Task WithASnapshotAnOpenScansOnlyTheTailAfterIt()
    {
        var expected = await PopulateAsync(_harness.Tables, 200);
        Assert.True(await _harness.Tables.SnapshotIndexAsync(Table, Ct), "a snapshot was written");
        var covered = (await _harness.Tables.GetInfoAsync(Table, Ct)).Length;
        var versions = await _harness.Tables.UpdateAsync(Table, [TableEntry.Unversioned(Key("after-snapshot"), Key("tail"))], -1, Ct);
        expected["after-snapshot"] = (versions[0], "tail");
        await _harness.Tables.RemoveAsync(Table, [TableKey.Unversioned(Key("k3"))], -1, Ct);
        expected.Remove("k3");
        var length = (await _harness.Tables.GetInfoAsync(Table, Ct)).Length;

        await _harness.RestartAsync();
        await AssertContentAsync(_harness.Tables, expected);
        Assert.True(_harness.Tables.BytesScanned == length - covered,
            $"only the tail after the snapshot is scanned: {_harness.Tables.BytesScanned} of {length} bytes (snapshot covers {covered})");
    }

    [Fact]
    public async Task ASnapshotOfAnEarlierTableWithTheSameNameIsIgnored()
    {
        await PopulateAsync(_harness.Tables, 10);
        await _harness.Tables.SnapshotIndexAsync(Table, Ct);
        var indexName = TableStore.GetIndexSegmentName(Table);
        var snapshotAt = await _harness.Store.GetAttributeAsync(indexName, TableAttributes.SnapshotOffset, Ct);

        // Delete the table behind the table store's back, keeping its index segment, and create a new one by hand.
        await _harness.Store.DeleteAsync(Table, Ct);
        await _harness.Store.CreateSegmentAsync(Table, SegmentType.TableSegment,
            [AttributeUpdate.Replace(TableAttributes.InstanceId, 12345)], Ct);
        Assert.Equal(snapshotAt, await _harness.Store.GetAttributeAsync(indexName, TableAttributes.SnapshotOffset, Ct));
        await using var fresh = _harness.NewTableStore();
        var info = await fresh.GetInfoAsync(Table, Ct);
        Assert.True(info.EntryCount == 0, $"the old table's keys must not appear in the new one: {info.EntryCount}");
    }

    [Fact]
    public async Task ACrashWhileWritingASnapshotLeavesThePreviousOneCurrent()
    {
        var expected = await PopulateAsync(_harness.Tables, 50);
        await _harness.Tables.SnapshotIndexAsync(Table, Ct);
        var more = await PopulateAsync(_harness.Tables, 50, prefix: "m");
        foreach (var (k, v) in more)
        {
            expected[k] = v;
        }
        // The second snapshot's data reaches the index segment, then the process dies before it is made current.
        var indexName = TableStore.GetIndexSegmentName(Table);
        _harness.Faults.CrashWhen = call => call is { Operation: "UpdateAttributes" } && call.Segment == indexName;
        await Assert.ThrowsAsync<InjectedCrashException>(() => _harness.Tables.SnapshotIndexAsync(Table, Ct));

        await using var afterCrash = _harness.NewTableStore();
        await AssertContentAsync(afterCrash, expected);
    }

    [Fact]
    public async Task ARestartAfterManyOverwritesKeepsOnlyTheLatestValues()
    {
        var expected = new Dictionary<string, (long Version, string Value)>();
        for (var round = 0; round < 5; round++)
        {
            foreach (var (k, v) in await PopulateAsync(_harness.Tables, 30, value: "r" + round))
            {
                expected[k] = v;
            }
            if (round == 2)
            {
                await _harness.Tables.SnapshotIndexAsync(Table, Ct);
            }
        }
        await _harness.RestartAsync();
        await AssertContentAsync(_harness.Tables, expected);
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
