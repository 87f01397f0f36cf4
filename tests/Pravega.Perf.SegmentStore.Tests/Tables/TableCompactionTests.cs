using Pravega.Perf.SegmentStore.Contracts.Attributes;
using Pravega.Perf.SegmentStore.Contracts.Tables;
using Pravega.Perf.SegmentStore.Tables;
using Pravega.Perf.Testing.SegmentStore;
using static Pravega.Perf.SegmentStore.Tests.Tables.TableHarness;
using static Pravega.Perf.SegmentStore.Tests.Tables.TableRecoveryTests;
using static Pravega.Perf.SegmentStore.Tests.TestData;

namespace Pravega.Perf.SegmentStore.Tests.Tables;

public sealed class TableCompactionTests : IAsyncLifetime
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
    public async Task CompactionKeepsValuesAndVersionsAndTruncatesTheDeadHead()
    {
        var expected = await PopulateAsync(_harness.Tables, 100, value: "old");
        foreach (var (k, v) in await PopulateAsync(_harness.Tables, 50, value: "new"))
        {
            expected[k] = v;
        }
        await _harness.Tables.RemoveAsync(Table, [TableKey.Unversioned(Key("k99"))], -1, Ct);
        expected.Remove("k99");
        var before = await _harness.Tables.GetInfoAsync(Table, Ct);

        Assert.True(await _harness.Tables.CompactAsync(Table, force: true, Ct), "a compaction ran");
        var after = await _harness.Tables.GetInfoAsync(Table, Ct);
        Assert.True(after.StartOffset == before.Length, $"the whole old segment was processed and truncated: start {after.StartOffset}, old length {before.Length}");
        await AssertContentAsync(_harness.Tables, expected);

        // A version read before compaction still works as a condition after it.
        var (version, _) = expected["k0"];
        var next = await _harness.Tables.UpdateAsync(Table, [TableEntry.Versioned(Key("k0"), Key("cond"), version)], -1, Ct);
        Assert.True(next[0] >= after.StartOffset, "the conditional update on a pre-compaction version succeeded");

        await _harness.RestartAsync();
        expected["k0"] = (next[0], "cond");
        await AssertContentAsync(_harness.Tables, expected);
    }

    [Theory]
    [InlineData("Append")]
    [InlineData("Truncate")]
    public async Task ACrashInTheMiddleOfACompactionLosesNothing(string crashAt)
    {
        await PopulateAsync(_harness.Tables, 40, value: "a");
        var expected = await PopulateAsync(_harness.Tables, 40, value: "b");
        await _harness.Tables.SnapshotIndexAsync(Table, Ct);
        _harness.Faults.CrashWhen = call => call.Operation == crashAt && call.Segment == Table;
        await Assert.ThrowsAsync<InjectedCrashException>(() => _harness.Tables.CompactAsync(Table, force: true, Ct));

        await using var afterCrash = _harness.NewTableStore();
        await AssertContentAsync(afterCrash, expected);
        // A later compaction by the recovered store finishes the job.
        _harness.Faults.CrashWhen = null;
        await using var recovered = new TableStore(_harness.Store, ManualOptions);
        Assert.True(await recovered.CompactAsync(Table, force: true, Ct), "the recovered store compacts");
        await AssertContentAsync(recovered, expected);
    }

    [Fact]
    public async Task CompactionAfterASnapshotDoesNotResurrectRemovedKeys()
    {
        var expected = await PopulateAsync(_harness.Tables, 20);
        await _harness.Tables.SnapshotIndexAsync(Table, Ct);
        // Removed after the snapshot: the removal record lies in the region compaction drops.
        await _harness.Tables.RemoveAsync(Table, [TableKey.Unversioned(Key("k5"))], -1, Ct);
        expected.Remove("k5");
        Assert.True(await _harness.Tables.CompactAsync(Table, force: true, Ct), "a compaction ran");
        await _harness.RestartAsync();
        await AssertContentAsync(_harness.Tables, expected);
        var got = await _harness.Tables.GetAsync(Table, [Key("k5")], Ct);
        Assert.True(got[0] is null, "k5 stays removed although the snapshot still lists it");
    }

    [Fact]
    public async Task BackgroundMaintenanceCompactsAndSnapshotsAsTheTableChurns()
    {
        var options = new TableStoreOptions { MinCompactionLength = 4096, SnapshotIntervalBytes = 8192, MaxCompactionBytes = 16 * 1024 };
        await using var tables = _harness.NewTableStore(options);
        var expected = new Dictionary<string, (long Version, string Value)>();
        for (var round = 0; round < 30; round++)
        {
            foreach (var (k, v) in await PopulateAsync(tables, 20, value: "round" + round + "-"))
            {
                expected[k] = v;
            }
        }
        await tables.DisposeAsync();
        var segment = await _harness.Store.GetSegmentInfoAsync(Table, Ct);
        Assert.True(segment.StartOffset > 0, $"background compaction truncated the head (start {segment.StartOffset}, length {segment.Length})");

        var snapshotAt = await _harness.Store.GetAttributeAsync(TableStore.GetIndexSegmentName(Table), TableAttributes.SnapshotOffset, Ct);
        Assert.True(snapshotAt != SegmentAttributes.NullValue, "a background snapshot was written");

        await using var reopened = _harness.NewTableStore();
        await AssertContentAsync(reopened, expected);
    }
}
