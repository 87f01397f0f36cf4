using Pravega.Perf.Common;
using Pravega.Perf.SegmentStore.Contracts;
using Pravega.Perf.SegmentStore.Contracts.Appends;
using Pravega.Perf.SegmentStore.Contracts.Attributes;
using Pravega.Perf.SegmentStore.Contracts.Exceptions;
using Pravega.Perf.Testing.SegmentStore;
using static Pravega.Perf.SegmentStore.Tests.TestData;

namespace Pravega.Perf.SegmentStore.Tests.Containers;

public sealed class RecoveryTests : IDisposable
{
    private static readonly Uuid Writer = new(3, 4);
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "store-test-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Theory]
    [InlineData(300)]
    [InlineData(1)]
    public async Task MetadataAttributesAndBytesComeBackExactlyAsAcknowledged(int checkpointInterval)
    {
        var memory = new InMemorySegmentStore(3);
        Snapshot before;
        await using (var store = await memory.StartAsync(o => o.CheckpointFrameInterval = checkpointInterval))
        {
            await Populate(store);
            before = await Snapshot.TakeAsync(store);
        }
        await using var recovered = await memory.StartAsync(o => o.CheckpointFrameInterval = checkpointInterval);
        var after = await Snapshot.TakeAsync(recovered);
        before.AssertEqual(after);

        // The recovered store keeps working from where it stopped.
        Assert.Equal(before.Lengths["s/a/0"] + 3, await recovered.AppendAsync("s/a/0", Data(Bytes(3, 1)),
            new WriterUpdate(Writer, 10, 11, 1), -1, Ct));
    }

    [Fact]
    public async Task TheFileStoreRecoversFromItsDataDirectory()
    {
        Snapshot before;
        var options = FileOptions();
        await using (var store = await SegmentStoreService.StartAsync(options, Ct))
        {
            await Populate(store);
            before = await Snapshot.TakeAsync(store);
        }
        await using var recovered = await SegmentStoreService.StartAsync(FileOptions(), Ct);
        before.AssertEqual(await Snapshot.TakeAsync(recovered));
    }

    [Fact]
    public async Task ATornTailLosesOnlyTheLastFrameAndIsNeverServed()
    {
        var memory = new InMemorySegmentStore();
        await using (var store = await memory.StartAsync())
        {
            await store.CreateSegmentAsync("seg", SegmentType.StreamSegment, [], Ct);
            await store.AppendAsync("seg", Data(Bytes(1000, 1)), WriterUpdate.None, -1, Ct);
            await store.AppendAsync("seg", Data(Bytes(1000, 2)), WriterUpdate.None, -1, Ct);
        }
        memory.Logs[0].TearLastFrame(700); // the machine died while the last frame was being written
        await using var recovered = await memory.StartAsync();
        var info = await recovered.GetSegmentInfoAsync("seg", Ct);
        Assert.True(info.Length == 1000, "only the frames before the torn one count");
        using var read = await recovered.ReadAsync("seg", 0, 5000, Ct);
        Assert.True(read.Data.Span.SequenceEqual(Bytes(1000, 1)), "no byte of the torn frame is served");
        Assert.Equal(1500, await recovered.AppendAsync("seg", Data(Bytes(500, 3)), WriterUpdate.None, 1000, Ct));
    }

    [Fact]
    public async Task AnAppendWhoseFrameNeverReachedTheLogIsAbsentAfterRestart()
    {
        var memory = new InMemorySegmentStore();
        await using (var store = await memory.StartAsync())
        {
            await store.CreateSegmentAsync("seg", SegmentType.StreamSegment, [], Ct);
            await store.AppendAsync("seg", Data(Bytes(10, 1)), new WriterUpdate(Writer, SegmentAttributes.NullValue, 1, 1), -1, Ct);
            memory.Devices[0].FailAfterWrites = memory.Devices[0].Writes;
            await Assert.ThrowsAsync<DurableLogException>(async () =>
                await store.AppendAsync("seg", Data(Bytes(10, 2)), new WriterUpdate(Writer, 1, 2, 1), -1, Ct));
        }
        await using var recovered = await memory.StartAsync();
        Assert.Equal(1, await recovered.GetAttributeAsync("seg", Writer, Ct));
        Assert.Equal(10, (await recovered.GetSegmentInfoAsync("seg", Ct)).Length);
    }

    [Fact]
    public async Task AMissingFrameInTheMiddleOfTheLogStopsRecoveryInsteadOfServingHoles()
    {
        var memory = new InMemorySegmentStore();
        await using (var store = await memory.StartAsync())
        {
            await store.CreateSegmentAsync("seg", SegmentType.StreamSegment, [], Ct);
            for (var i = 0; i < 3; i++)
            {
                await store.AppendAsync("seg", Data(Bytes(10, i)), WriterUpdate.None, -1, Ct);
            }
        }
        memory.Logs[0].CorruptFrame(1);
        await using var recovered = await memory.StartAsync();

        // A corrupt frame ends the log (everything after it is unreachable), so the corrupt append and the later
        // ones are gone together: the log is a prefix, never a sequence with holes.
        Assert.Equal(0, (await recovered.GetSegmentInfoAsync("seg", Ct)).Length);
    }

    [Fact]
    public async Task TheLogIsCutAtACheckpointOnceItsHeadHoldsOnlyDeadBytesAndRecoveryStartsThere()
    {
        var memory = new InMemorySegmentStore();
        byte[] expected;
        int written;
        await using (var store = await memory.StartAsync(o => o.CheckpointFrameInterval = 2))
        {
            await store.CreateSegmentAsync("old", SegmentType.StreamSegment, [], Ct);
            await store.CreateSegmentAsync("live", SegmentType.StreamSegment, [], Ct);
            for (var i = 0; i < 10; i++)
            {
                await store.AppendAsync("old", Data(Bytes(1000, i)), WriterUpdate.None, -1, Ct);
                await store.AppendAsync("live", Data(Bytes(1000, i)), WriterUpdate.None, -1, Ct);
            }
            await store.DeleteAsync("old", Ct);
            await store.TruncateAsync("live", 10_000, Ct);
            await store.UpdateAttributesAsync("live", [AttributeUpdate.Replace(Writer, 77)], Ct);
            for (var i = 0; i < 10; i++)
            {
                await store.AppendAsync("live", Data(Bytes(500, i)), WriterUpdate.None, -1, Ct);
            }
            Assert.True(store.Container(0)!.TruncatedTo > 0, "the dead head of the log was not truncated");
            using var read = await store.ReadAsync("live", 10_000, 100_000, Ct);
            expected = read.Data.ToArray();
            written = memory.Devices[0].Writes;
        }
        Assert.True(memory.Logs[0].FrameCount <= written - 20,
            $"the log holds {memory.Logs[0].FrameCount} of {written} frames; the 20 first appends' should be gone");

        await using var recovered = await memory.StartAsync(o => o.CheckpointFrameInterval = 2);
        await Assert.ThrowsAsync<StreamSegmentNotExistsException>(() => recovered.GetSegmentInfoAsync("old", Ct));
        var info = await recovered.GetSegmentInfoAsync("live", Ct);
        Assert.Equal(10_000, info.StartOffset);
        Assert.Equal(15_000, info.Length);
        Assert.Equal(77, info.Attributes[Writer]);
        using var again = await recovered.ReadAsync("live", 10_000, 100_000, Ct);
        Assert.True(again.Data.Span.SequenceEqual(expected), "live bytes after the cut are all recovered");
    }

    private SegmentStoreOptions FileOptions() => new()
    {
        DataDirectory = _directory,
        ContainerCount = 2,
        CacheSizeBytes = 32L << 20,
        CacheBlockSize = 4096,
        WalFileSize = 256 * 1024,
        MaxFrameSize = 64 * 1024,
        MaxOperationSize = 128 * 1024,
        CheckpointFrameInterval = 5,
    };

    private static async Task Populate(ISegmentStore store)
    {
        string[] names = ["s/a/0", "s/a/1", "s/b/0", "s/b/0#transaction.00000000000000010000000000000002", "s/c/0"];
        foreach (var name in names)
        {
            await store.CreateSegmentAsync(name, SegmentType.StreamSegment,
                [AttributeUpdate.Replace(SegmentAttributes.ScalePolicyType, 1), AttributeUpdate.Replace(SegmentAttributes.ScalePolicyRate, 100)], Ct);
        }
        for (var e = 0; e <= 10; e++)
        {
            foreach (var name in names)
            {
                await store.AppendAsync(name, Data(Bytes(1000 + e * 37, e)),
                    new WriterUpdate(Writer, e == 0 ? SegmentAttributes.NullValue : e - 1, e, 2), -1, Ct);
            }
        }
        await store.SealAsync("s/a/1", Ct);
        await store.TruncateAsync("s/b/0", 5000, Ct);
        await store.UpdateAttributesAsync("s/c/0", [AttributeUpdate.Replace(new Uuid(5, 5), 55)], Ct);
        await store.MergeAsync("s/b/0", "s/b/0#transaction.00000000000000010000000000000002", [], Ct);
        await store.DeleteAsync("s/c/0", Ct);
        await store.CreateSegmentAsync("s/c/0", SegmentType.StreamSegment, [], Ct);
        await store.AppendAsync("s/c/0", Data(Bytes(5, 5)), WriterUpdate.None, -1, Ct);
    }

    /// <summary>Everything a client can observe about the segments <see cref="Populate"/> touches.</summary>
    private sealed record Snapshot(Dictionary<string, long> Lengths, Dictionary<string, string> Details,
        Dictionary<string, byte[]> Bytes)
    {
        public static async Task<Snapshot> TakeAsync(ISegmentStore store)
        {
            var lengths = new Dictionary<string, long>();
            var details = new Dictionary<string, string>();
            var bytes = new Dictionary<string, byte[]>();
            foreach (var name in new[] { "s/a/0", "s/a/1", "s/b/0", "s/c/0" })
            {
                var info = await store.GetSegmentInfoAsync(name, Ct);
                lengths[name] = info.Length;
                var attributes = string.Join(",", info.Attributes.Where(a => a.Key != SegmentAttributes.CreationEpoch)
                    .OrderBy(a => a.Key).Select(a => $"{a.Key}={a.Value}"));
                details[name] = $"{info.StartOffset}/{info.Length}/{info.IsSealed}/{info.Type}/{attributes}";
                using var read = await store.ReadAsync(name, info.StartOffset, int.MaxValue, Ct);
                bytes[name] = read.Data.ToArray();
            }
            await Assert.ThrowsAsync<StreamSegmentNotExistsException>(() => store.GetSegmentInfoAsync("s/b/0#transaction.00000000000000010000000000000002", Ct));
            return new Snapshot(lengths, details, bytes);
        }

        public void AssertEqual(Snapshot other)
        {
            foreach (var (name, detail) in Details)
            {
                Assert.Equal(detail, other.Details[name]);
                Assert.True(Bytes[name].AsSpan().SequenceEqual(other.Bytes[name]), $"bytes of {name} differ after recovery");
            }
        }
    }
}
