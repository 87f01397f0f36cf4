using System.Buffers.Binary;
using Pravega.Perf.SegmentStore.Contracts;
using Pravega.Perf.SegmentStore.Contracts.Appends;
using Pravega.Perf.SegmentStore.Contracts.Exceptions;
using Pravega.Perf.SegmentStore.Tests.Wal;
using Pravega.Perf.SegmentStore.Wal;
using static Pravega.Perf.SegmentStore.Tests.TestData;

namespace Pravega.Perf.SegmentStore.Tests.Containers;

/// <summary>A container on the io_uring WAL with several frames in flight: every acknowledged append is stored once,
/// in order, across a restart; a failed write fails its frame and every frame in flight behind it, and none of them
/// comes back, even those whose bytes reached the disk.</summary>
[Trait("Category", "RequiresIoUring")]
public sealed class PipelinedWalTests : IDisposable
{
    private const int Tasks = 8;
    private const int PerTask = 60;
    private const int RecordLength = 100;
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "pipelined-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public async Task ConcurrentAppendsAreAllAcknowledgedStoredOnceAndRecovered()
    {
        UringWalDeviceTests.RequireUring(Path.GetTempPath());
        var options = Options(_ => { });
        HashSet<(int, int)> acknowledged;
        await using (var store = await SegmentStoreService.StartAsync(options, Ct))
        {
            await store.CreateSegmentAsync("seg", SegmentType.StreamSegment, [], Ct);
            (acknowledged, var failed) = await AppendConcurrently(store);
            Assert.Empty(failed);
            Assert.Equal(Tasks * PerTask, acknowledged.Count);
            AssertStoredOnce(await ReadAll(store), acknowledged);
        }
        await using var recovered = await SegmentStoreService.StartAsync(Options(_ => { }), Ct);
        AssertStoredOnce(await ReadAll(recovered), acknowledged);
    }

    [Fact]
    public async Task AFailedWriteFailsEveryFrameInFlightBehindItAndNoneOfThemComesBack()
    {
        UringWalDeviceTests.RequireUring(Path.GetTempPath());
        var begun = 0;
        var options = Options(d => d.FailWriteAt = _ => Interlocked.Increment(ref begun) == 12);
        HashSet<(int, int)> acknowledged;
        await using (var store = await SegmentStoreService.StartAsync(options, Ct))
        {
            await store.CreateSegmentAsync("seg", SegmentType.StreamSegment, [], Ct);
            (acknowledged, var failed) = await AppendConcurrently(store);
            Assert.NotEmpty(failed);
            Assert.Equal(Tasks * PerTask, acknowledged.Count + failed.Count);
            AssertStoredOnce(await ReadAll(store), acknowledged);

            // The container rolled back and goes on: the next append lands right after the acknowledged bytes.
            var length = (await store.GetSegmentInfoAsync("seg", Ct)).Length;
            Assert.Equal(length + RecordLength, await store.AppendAsync("seg", Data(Record(99, 0)), WriterUpdate.None, -1, Ct));
            acknowledged.Add((99, 0));
        }
        await using var recovered = await SegmentStoreService.StartAsync(Options(_ => { }), Ct);
        AssertStoredOnce(await ReadAll(recovered), acknowledged);
    }

    private SegmentStoreOptions Options(Action<UringWalDevice> configure) => new()
    {
        DataDirectory = _directory,
        ContainerCount = 1,
        CacheSizeBytes = 16L << 20,
        CacheBlockSize = 4096,
        WalFileSize = 256 * 1024,
        MaxFrameSize = 64 * 1024,
        MaxOperationSize = 128 * 1024,
        Tier2Enabled = false,
        WalDeviceFactory = id =>
        {
            var device = new UringWalDevice(Path.Combine(_directory, "container-" + id), 256 * 1024, 64, spareFileCount: 0,
                ring: null, maxWritesInFlight: 4);
            configure(device);
            return device;
        },
    };

    /// <summary>Each task appends its records one after another; the tasks run side by side.</summary>
    private static async Task<(HashSet<(int, int)> Acknowledged, HashSet<(int, int)> Failed)> AppendConcurrently(ISegmentStore store)
    {
        var acknowledged = new HashSet<(int, int)>();
        var failed = new HashSet<(int, int)>();
        await Task.WhenAll(Enumerable.Range(0, Tasks).Select(task => Task.Run(async () =>
        {
            for (var i = 0; i < PerTask; i++)
            {
                try
                {
                    await store.AppendAsync("seg", Data(Record(task, i)), WriterUpdate.None, -1, Ct);
                    lock (acknowledged)
                    {
                        acknowledged.Add((task, i));
                    }
                }
                catch (DurableLogException)
                {
                    lock (acknowledged)
                    {
                        failed.Add((task, i));
                    }
                }
            }
        }, Ct)));
        return (acknowledged, failed);
    }

    private static byte[] Record(int task, int index)
    {
        var record = Bytes(RecordLength, task * 1000 + index);
        BinaryPrimitives.WriteInt32LittleEndian(record, task);
        BinaryPrimitives.WriteInt32LittleEndian(record.AsSpan(4), index);
        return record;
    }

    private static async Task<byte[]> ReadAll(ISegmentStore store)
    {
        var length = (await store.GetSegmentInfoAsync("seg", Ct)).Length;
        var bytes = new byte[length];
        for (var offset = 0L; offset < length;)
        {
            using var read = await store.ReadAsync("seg", offset, (int)(length - offset), Ct);
            read.Data.Span.CopyTo(bytes.AsSpan((int)offset));
            offset += read.Data.Length;
        }
        return bytes;
    }

    /// <summary>The segment is exactly the acknowledged records, each once, each task's in the order it wrote them.</summary>
    private static void AssertStoredOnce(byte[] segment, HashSet<(int, int)> acknowledged)
    {
        Assert.Equal(acknowledged.Count * RecordLength, segment.Length);
        var seen = new HashSet<(int, int)>();
        var lastByTask = new Dictionary<int, int>();
        for (var offset = 0; offset < segment.Length; offset += RecordLength)
        {
            var span = segment.AsSpan(offset, RecordLength);
            var key = (BinaryPrimitives.ReadInt32LittleEndian(span), BinaryPrimitives.ReadInt32LittleEndian(span[4..]));
            Assert.True(span.SequenceEqual(Record(key.Item1, key.Item2)), $"record at {offset} is intact");
            Assert.True(seen.Add(key), $"record {key} is stored once");
            Assert.True(!lastByTask.TryGetValue(key.Item1, out var last) || last < key.Item2, $"task {key.Item1}'s records in order");
            lastByTask[key.Item1] = key.Item2;
        }
        Assert.True(seen.SetEquals(acknowledged), "exactly the acknowledged records");
    }
}
