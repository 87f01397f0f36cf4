using Pravega.Perf.SegmentStore.Contracts.Tables;
using Pravega.Perf.SegmentStore.Tables;
using static Pravega.Perf.SegmentStore.Tests.TestData;
using static Pravega.Perf.SegmentStore.Tests.Tables.TableHarness;

namespace Pravega.Perf.SegmentStore.Tests.Tables;

public sealed class TableIteratorTests : TableTestBase
{
    private const string HashTable = "_system/_tables/iterate";
    private const string FixedTable = "scope/kv_kvtable/0.#epoch.0";

    protected override async Task CreateTablesAsync()
    {
        await Tables.CreateAsync(HashTable, TableSegmentConfig.Hash, Ct);
        await Tables.CreateAsync(FixedTable, new TableSegmentConfig(KeyLength: 4), Ct);
    }

    [Fact]
    public async Task KeysAcrossContinuationTokensVisitEveryLiveKeyOnceInHashOrder()
    {
        var all = Enumerable.Range(0, 250).Select(i => "key-" + i).ToArray();
        await Tables.UpdateAsync(HashTable, [.. all.Select(k => TableEntry.Unversioned(Key(k), Key("v" + k)))], -1, Ct);
        await Tables.RemoveAsync(HashTable, [TableKey.Unversioned(Key("key-7")), TableKey.Unversioned(Key("key-99"))], -1, Ct);
        var seen = await ReadAllKeysAsync(Tables, HashTable, pageSize: 16);
        var expected = all.Where(k => k is not ("key-7" or "key-99")).Order(StringComparer.Ordinal).ToArray();
        Assert.True(seen.Order(StringComparer.Ordinal).SequenceEqual(expected),
            $"every live key exactly once: {seen.Count} seen, {seen.Distinct().Count()} distinct, {expected.Length} expected");
        var hashes = seen.Select(k => KeyHash.Compute(Key(k))).ToArray();
        Assert.True(hashes.Zip(hashes.Skip(1)).All(p => p.First.CompareTo(p.Second) < 0), "the hash layout iterates in key-hash order");
    }

    [Fact]
    public async Task AContinuationTokenStaysValidAcrossUpdatesAndARestart()
    {
        await Tables.UpdateAsync(HashTable, [.. Enumerable.Range(0, 40).Select(i => TableEntry.Unversioned(Key("k" + i), Key("v")))], -1, Ct);
        var first = await Tables.ReadKeysAsync(HashTable, new TableIteratorArgs(10), Ct);
        var firstKeys = first.Items.Select(k => Text(k.Key)).ToHashSet();
        // Overwrite keys the first page returned and add nothing new: the rest of the iteration is unchanged.
        await Tables.UpdateAsync(HashTable, [.. firstKeys.Select(k => TableEntry.Unversioned(Key(k), Key("v2")))], -1, Ct);
        await Harness.RestartAsync();
        var rest = new List<string>();
        var token = first.ContinuationToken;
        while (true)
        {
            var page = await Harness.Tables.ReadKeysAsync(HashTable, new TableIteratorArgs(7, token), Ct);
            if (page.Items.Count == 0)
            {
                Assert.True(page.ContinuationToken.Span.SequenceEqual(token.Span), "an empty page hands the token back");
                break;
            }
            rest.AddRange(page.Items.Select(k => Text(k.Key)));
            token = page.ContinuationToken;
        }
        Assert.True(rest.Count == 30 && !rest.Any(firstKeys.Contains), $"the remaining 30 keys follow the first page: {rest.Count}");
    }

    [Fact]
    public async Task AFixedKeyLengthTableIteratesInSortedKeyOrderWithinARange()
    {
        var keys = new[] { "dddd", "aaaa", "cccc", "bbbb", "eeee", "abcd", "zzzz" };
        await Tables.UpdateAsync(FixedTable, [.. keys.Select(k => TableEntry.Unversioned(Key(k), Key("v-" + k)))], -1, Ct);
        var sorted = await ReadAllKeysAsync(Tables, FixedTable, pageSize: 2);
        Assert.Equal(keys.Order(StringComparer.Ordinal), sorted);

        var ranged = new List<string>();
        var args = new TableIteratorArgs(2, default, Key("abcd"), Key("dddd"));
        while (true)
        {
            var page = await Tables.ReadEntriesAsync(FixedTable, args, Ct);
            if (page.Items.Count == 0)
            {
                break;
            }
            foreach (var entry in page.Items)
            {
                Assert.Equal("v-" + Text(entry.Key.Key), Text(entry.Value));
                ranged.Add(Text(entry.Key.Key));
            }
            args = args with { ContinuationToken = page.ContinuationToken };
        }
        Assert.Equal(["abcd", "bbbb", "cccc", "dddd"], ranged);
    }

    [Fact]
    public async Task SortedIterationSurvivesASnapshotAndARestart()
    {
        var keys = Enumerable.Range(0, 300).Select(i => $"{(i * 7919) % 10000:D4}").Distinct().ToArray();
        await Tables.UpdateAsync(FixedTable, [.. keys.Select(k => TableEntry.Unversioned(Key(k), Key(k)))], -1, Ct);
        await Tables.SnapshotIndexAsync(FixedTable, Ct);
        await Tables.UpdateAsync(FixedTable, [TableEntry.Unversioned(Key("0000"), Key("tail"))], -1, Ct);
        await Harness.RestartAsync();
        var sorted = await ReadAllKeysAsync(Harness.Tables, FixedTable, pageSize: 32);
        Assert.Equal(keys.Append("0000").Distinct().Order(StringComparer.Ordinal), sorted);
    }

    [Fact]
    public async Task EntryPagesCarryCurrentVersionsAndValues()
    {
        var versions = await Tables.UpdateAsync(HashTable, [TableEntry.Unversioned(Key("x"), Key("1")), TableEntry.Unversioned(Key("y"), Key("2"))], -1, Ct);
        var page = await Tables.ReadEntriesAsync(HashTable, new TableIteratorArgs(10), Ct);
        var byKey = page.Items.ToDictionary(e => Text(e.Key.Key));
        Assert.True(byKey["x"].Key.Version == versions[0] && Text(byKey["x"].Value) == "1", "x with its version and value");
        Assert.True(byKey["y"].Key.Version == versions[1] && Text(byKey["y"].Value) == "2", "y with its version and value");
    }

    [Fact]
    public async Task ARangeOnAHashTableOrAForeignTokenIsAnArgumentError()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Tables.ReadKeysAsync(HashTable, new TableIteratorArgs(5, default, Key("a"), default), Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => Tables.ReadKeysAsync(HashTable, new TableIteratorArgs(5, new byte[] { 9, 9, 9 }), Ct));
    }

    private static async Task<List<string>> ReadAllKeysAsync(TableStore tables, string table, int pageSize)
    {
        var keys = new List<string>();
        var token = ReadOnlyMemory<byte>.Empty;
        for (var pages = 0; pages < 10_000; pages++)
        {
            var page = await tables.ReadKeysAsync(table, new TableIteratorArgs(pageSize, token), Ct);
            Assert.True(page.Items.Count <= pageSize, $"a page holds at most {pageSize} keys, got {page.Items.Count}");
            if (page.Items.Count == 0)
            {
                return keys;
            }
            keys.AddRange(page.Items.Select(k => Text(k.Key)));
            token = page.ContinuationToken;
        }
        Assert.Fail("the iteration did not end");
        return keys;
    }
}
