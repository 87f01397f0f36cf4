using Pravega.Perf.SegmentStore.Contracts.Attributes;
using Pravega.Perf.SegmentStore.Contracts.Tables;
using Pravega.Perf.SegmentStore.Tables;
using Pravega.Perf.Testing.SegmentStore;
using static Pravega.Perf.SegmentStore.Tests.Tables.TableHarness;
using static Pravega.Perf.SegmentStore.Tests.Tables.TableRecoveryTests;
using static Pravega.Perf.SegmentStore.Tests.TestData;

namespace Pravega.Perf.SegmentStore.Tests.Tables;

public sealed class TableCompactionTests : TableTestBase
{
    private const string Table = "_system/_tables/recovery";

    protected override async Task CreateTablesAsync()
    {
        await Tables.CreateAsync(Table, TableSegmentConfig.Hash, Ct);
    }

    [Fact]
    public async Task CompactionKeepsValuesAndVersionsAndTruncatesTheDeadHead()
    {
        var expected = await PopulateAsync(Harness.Tables, 100, value: "old");
        foreach (var (k, v) in await PopulateAsync(Harness.Tables, 50, value: "new"))
        {
            expected[k] = v;
        }
        await Harness.Tables.RemoveAsync(Table, [TableKey.Unversioned(Key("k99"))], -1, Ct);
        expected.Remove("k99");
        var before = await Harness.Tables.GetInfoAsync(Table, Ct);

        Assert.True(await Harness.Tables.CompactAsync(Table, force: true, Ct), "a compaction ran");
        var after = await Harness.Tables.GetInfoAsync(Table, Ct);
        Assert.True(after.StartOffset == before.Length, $"the whole old segment was processed and truncated: start {after.StartOffset}, old length {before.Length}");
        await AssertContentAsync(Harness.Tables, expected);

        // A version read before compaction still works as a condition after it.
        var (version, _) = expected["k0"];
        var next = await Harness.Tables.UpdateAsync(Table, [TableEntry.Versioned(Key("k0"), Key("cond"), version)], -1, Ct);
        Assert.True(next[0] >= after.StartOffset, "the conditional update on a pre-compaction version succeeded");

        await Harness.RestartAsync();
        expected["k0"] = (next[0], "cond");
        await AssertContentAsync(Harness.Tables, expected);
    }

    [Theory]
    [InlineData("Append")]
    [InlineData("Truncate")]
    public async Task ACrashInTheMiddleOfACompactionLosesNothing(string crashAt)
    {
        await PopulateAsync(Harness.Tables, 40, value: "a");
        var expected = await PopulateAsync(Harness.Tables, 40, value: "b");
        await Harness.Tables.SnapshotIndexAsync(Table, Ct);
        Harness.Faults.CrashWhen = call => call.Operation == crashAt && call.Segment == Table;
        await Assert.ThrowsAsync<InjectedCrashException>(() => Harness.Tables.CompactAsync(Table, force: true, Ct));

        await using var afterCrash = Harness.NewTableStore();
        await AssertContentAsync(afterCrash, expected);
        // A later compaction by the recovered store finishes the job.
        Harness.Faults.CrashWhen = null;
        await using var recovered = new TableStore(Harness.Store, ManualOptions);
        Assert.True(await recovered.CompactAsync(Table, force: true, Ct), "the recovered store compacts");
        await AssertContentAsync(recovered, expected);
    }

    [Fact]
    public async Task CompactionAfterASnapshotDoesNotResurrectRemovedKeys()
    {
        var expected = await PopulateAsync(Harness.Tables, 20);
        await Harness.Tables.SnapshotIndexAsync(Table, Ct);
        // Removed after the snapshot: the removal record lies in the region compaction drops.
        await Harness.Tables.RemoveAsync(Table, [TableKey.Unversioned(Key("k5"))], -1, Ct);
        expected.Remove("k5");
        Assert.True(await Harness.Tables.CompactAsync(Table, force: true, Ct), "a compaction ran");
        await Harness.RestartAsync();
        await AssertContentAsync(Harness.Tables, expected);
        var got = await Harness.Tables.GetAsync(Table, [Key("k5")], Ct);
        Assert.True(got[0] is null, "k5 stays removed although the snapshot still lists it");
    }

    [Fact]
    public async Task BackgroundMaintenanceCompactsAndSnapshotsAsTheTableChurns()
    {
        var options = new TableStoreOptions { MinCompactionLength = 4096, SnapshotIntervalBytes = 8192, MaxCompactionBytes = 16 * 1024 };
        await using var tables = Harness.NewTableStore(options);
        var expected = new Dictionary<string, (long Version, string Value)>();
        for (var round = 0; round < 30; round++)
        {
            foreach (var (k, v) in await PopulateAsync(tables, 20, value: "round" + round + "-"))
            {
                expected[k] = v;
            }
        }
        await tables.DisposeAsync();
        var segment = await Harness.Store.GetSegmentInfoAsync(Table, Ct);
        Assert.True(segment.StartOffset > 0, $"background compaction truncated the head (start {segment.StartOffset}, length {segment.Length})");

        var snapshotAt = await Harness.Store.GetAttributeAsync(TableStore.GetIndexSegmentName(Table), TableAttributes.SnapshotOffset, Ct);
        Assert.True(snapshotAt != SegmentAttributes.NullValue, "a background snapshot was written");

        await using var reopened = Harness.NewTableStore();
        await AssertContentAsync(reopened, expected);
    }
}
