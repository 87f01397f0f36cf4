using Pravega.Perf.SegmentStore.Contracts.Exceptions;
using Pravega.Perf.SegmentStore.Contracts.Tables;
using static Pravega.Perf.SegmentStore.Tests.Tables.TableHarness;
using static Pravega.Perf.SegmentStore.Tests.TestData;

namespace Pravega.Perf.SegmentStore.Tests.Tables;

/// <summary>Batches of many callers are in flight at once (they share group commits); these pin that conditions
/// still see every accepted batch and that each caller reads its own write.</summary>
public sealed class TablePipelineTests : TableTestBase
{
    private const string Table = "_system/_tables/pipeline";

    protected override async Task CreateTablesAsync()
    {
        await Tables.CreateAsync(Table, TableSegmentConfig.Hash, Ct);
    }

    [Fact]
    public async Task ConcurrentConditionalUpdatesOfOneVersionHaveExactlyOneWinner()
    {
        var v0 = (await Tables.UpdateAsync(Table, [TableEntry.Unversioned(Key("hot"), Key("0"))], -1, Ct))[0];
        var attempts = Enumerable.Range(0, 50).Select(i => Task.Run(() =>
            Tables.UpdateAsync(Table, [TableEntry.Versioned(Key("hot"), Key("w" + i), v0)], -1, Ct), Ct)).ToArray();
        var winners = new List<(int Index, long Version)>();
        for (var i = 0; i < attempts.Length; i++)
        {
            try
            {
                winners.Add((i, (await attempts[i])[0]));
            }
            catch (TableKeyBadVersionException)
            {
            }
        }
        Assert.True(winners.Count == 1, $"exactly one update on version {v0} wins, {winners.Count} did");
        var stored = (await Tables.GetAsync(Table, [Key("hot")], Ct))[0]!.Value;
        Assert.True(Text(stored.Value) == "w" + winners[0].Index && stored.Key.Version == winners[0].Version,
            $"the winner's value and version are stored: {Text(stored.Value)} at {stored.Key.Version}");
    }

    [Fact]
    public async Task ConcurrentPutsAllLandWithDistinctVersionsAndEachCallerReadsItsOwnWrite()
    {
        var results = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => Task.Run(async () =>
        {
            var key = Key("key" + i);
            var version = (await Tables.UpdateAsync(Table, [TableEntry.NotExists(key, Key("value" + i))], -1, Ct))[0];
            var read = (await Tables.GetAsync(Table, [key], Ct))[0];
            Assert.True(read is { } e && e.Key.Version == version && Text(e.Value) == "value" + i,
                $"key{i} reads back its own write at version {version}");
            return version;
        }, Ct)));
        Assert.True(results.Distinct().Count() == 200, "every put has its own version (offset)");
        var info = await Tables.GetInfoAsync(Table, Ct);
        Assert.True(info.EntryCount == 200, $"all 200 keys are indexed: {info.EntryCount}");
        await Harness.RestartAsync();
        var again = await Harness.Tables.GetAsync(Table, [.. Enumerable.Range(0, 200).Select(i => (ReadOnlyMemory<byte>)Key("key" + i))], Ct);
        Assert.True(again.Select((e, i) => e?.Key.Version == results[i]).All(ok => ok), "the same versions after a restart");
    }

    [Fact]
    public async Task RacedInsertsAndRemovalsOfOneKeyLeaveAStateThatMatchesTheSuccesses()
    {
        // Inserts (NOT_EXISTS) and conditional removals of one key from many tasks: the key can only go absent →
        // present → absent, so successful inserts exceed successful removals by 0 or 1, and it exists iff by 1.
        var inserts = 0;
        var removals = 0;
        await Task.WhenAll(Enumerable.Range(0, 100).Select(i => Task.Run(async () =>
        {
            try
            {
                if (i % 2 == 0)
                {
                    await Tables.UpdateAsync(Table, [TableEntry.NotExists(Key("flip"), Key("x"))], -1, Ct);
                    Interlocked.Increment(ref inserts);
                }
                else if ((await Tables.GetAsync(Table, [Key("flip")], Ct))[0] is { } current)
                {
                    await Tables.RemoveAsync(Table, [new TableKey(Key("flip"), current.Key.Version)], -1, Ct);
                    Interlocked.Increment(ref removals);
                }
            }
            catch (SegmentStoreException e) when (e is TableKeyBadVersionException or TableKeyNotExistsException)
            {
            }
        }, Ct)));
        var exists = (await Tables.GetAsync(Table, [Key("flip")], Ct))[0] is not null;
        Assert.True(inserts - removals is 0 or 1, $"{inserts} inserts and {removals} removals succeeded");
        Assert.True(exists == (inserts - removals == 1), $"the key exists ({exists}) iff one more insert than removal succeeded");
    }

    [Fact]
    public async Task AFailedLogWriteFailsThePendingBatchesAndTheTableReloadsFromTheSegment()
    {
        var acked = await TableRecoveryTests.PopulateAsync(Tables, 10, table: Table);
        var memory = Harness.Memory;
        foreach (var device in memory.Devices)
        {
            device.FailAfterWrites = device.Writes;
        }
        var doomed = Enumerable.Range(0, 10).Select(i => Task.Run(() =>
            Tables.UpdateAsync(Table, [TableEntry.Unversioned(Key("doomed" + i), Key("x"))], -1, Ct), Ct)).ToArray();
        foreach (var put in doomed)
        {
            await Assert.ThrowsAsync<DurableLogException>(() => put);
        }
        foreach (var device in memory.Devices)
        {
            device.FailAfterWrites = null;
        }

        await TableRecoveryTests.AssertContentAsync(Tables, acked, Table);
        var length = (await Harness.Store.GetSegmentInfoAsync(Table, Ct)).Length;
        var next = await Tables.UpdateAsync(Table, [TableEntry.NotExists(Key("doomed0"), Key("now"))], -1, Ct);
        Assert.True(next[0] == length, $"the failed batches left nothing behind: next version {next[0]}, length {length}");
    }
}
