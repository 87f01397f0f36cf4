using Pravega.Perf.SegmentStore.Contracts.Exceptions;
using Pravega.Perf.SegmentStore.Storage.FileSystem;

namespace Pravega.Perf.SegmentStore.Storage.Tests.FileSystem;

public sealed class ConcurrentReadTests
{
    private const string Segment = "scope/stream/6";

    [Theory]
    [InlineData(ChunkWriteMode.Buffered)]
    [InlineData(ChunkWriteMode.Direct)]
    public async Task ReadersSeeExactBytesWhileTheOwnerAppendsRollsOverCompressesAndTruncates(ChunkWriteMode mode)
    {
        using var dir = new TestDirectory();
        await using var owner = StorageFactory.Open(dir.Path, epoch: 1, maxChunk: 8192, compress: true, mode: mode);
        await using var other = StorageFactory.Open(dir.Path, epoch: 1, maxChunk: 8192, mode: mode);
        var data = TestData.Events(400_000, 12);
        await owner.CreateAsync(Segment, Ct);
        using var done = new CancellationTokenSource();

        var progress = new int[2];

        async Task<int> ReadLoop(IChunkedSegmentStorage storage, int seed)
        {
            var rng = new Random(seed);
            var buffer = new byte[5000];
            var checkedReads = 0;
            var slot = seed - 1;
            while (!done.IsCancellationRequested)
            {
                var info = await storage.GetInfoAsync(Segment, Ct);
                if (info.Length == info.StartOffset)
                {
                    await Task.Yield();
                    continue;
                }
                var offset = info.StartOffset + rng.NextInt64(info.Length - info.StartOffset);
                try
                {
                    var n = await storage.ReadAsync(Segment, offset, buffer, Ct);
                    Assert.True(n > 0 && buffer.AsSpan(0, n).SequenceEqual(data.AsSpan((int)offset, n)), $"read at {offset} returned wrong bytes");
                    checkedReads++;
                    Interlocked.Increment(ref progress[slot]);
                }
                catch (StreamSegmentTruncatedException)
                {
                    // The owner truncated past the offset between GetInfo and Read: a legitimate race.
                }
            }
            return checkedReads;
        }

        var readers = new[] { Task.Run(() => ReadLoop(owner, 1), Ct), Task.Run(() => ReadLoop(other, 2), Ct) };
        var rng = new Random(3);
        var written = 0;
        var writes = 0;
        while (written < data.Length)
        {
            var n = Math.Min(rng.Next(100, 7000), data.Length - written);
            await owner.WriteAsync(Segment, written, data.AsMemory(written, n), Ct);
            written += n;
            if (++writes % 40 == 0)
            {
                await owner.TruncateAsync(Segment, written / 2, Ct);
                // Make the interleaving certain rather than up to the scheduler: both readers must have checked
                // bytes against this state before the writer moves on (a reader that failed ends the wait).
                int[] seen = [Volatile.Read(ref progress[0]), Volatile.Read(ref progress[1])];
                while ((Volatile.Read(ref progress[0]) <= seen[0] || Volatile.Read(ref progress[1]) <= seen[1]) && !readers.Any(r => r.IsCompleted))
                {
                    await Task.Delay(1, Ct);
                }
            }
        }
        await owner.SealAsync(Segment, Ct);
        await done.CancelAsync();
        var counts = await Task.WhenAll(readers);
        Assert.True(counts.All(c => c > 0), $"a reader checked no bytes: {string.Join(", ", counts)}");
        var info = await other.GetInfoAsync(Segment, Ct);
        Assert.Equal(data.AsSpan((int)info.StartOffset).ToArray(), await StorageFactory.ReadAllAsync(other, Segment));
        Assert.True(owner.CompressionStatistics.ChunksCompressed > 0, "no chunk was compressed during the run");
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;
}
