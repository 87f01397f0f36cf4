using Pravega.Perf.SegmentStore.Contracts;
using Pravega.Perf.SegmentStore.Contracts.Appends;
using Pravega.Perf.Testing.SegmentStore;
using static Pravega.Perf.SegmentStore.Tests.TestData;

namespace Pravega.Perf.SegmentStore.Tests.Containers;

public sealed class CachePreTouchTests
{
    [Fact]
    public async Task APreTouchedCacheStoresAndReturnsEveryByteOfAFullCache()
    {
        // 16 blocks of 4 KiB, every one written: the pre-touch must leave all blocks usable and change no data.
        await using var store = await new InMemorySegmentStore().StartAsync(o =>
        {
            o.CachePreTouch = true;
            o.CacheSizeBytes = 64 * 1024;
            o.CacheBlockSize = 4096;
        });
        await store.CreateSegmentAsync("seg", SegmentType.StreamSegment, [], Ct);
        var bytes = Bytes(64 * 1024, 9);
        for (var offset = 0; offset < bytes.Length; offset += 8192)
        {
            await store.AppendAsync("seg", Data(bytes[offset..(offset + 8192)]), WriterUpdate.None, -1, Ct);
        }
        var read = new List<byte>();
        while (read.Count < bytes.Length)
        {
            using var result = await store.ReadAsync("seg", read.Count, bytes.Length, Ct);
            read.AddRange(result.Data.ToArray());
        }
        Assert.True(read.ToArray().AsSpan().SequenceEqual(bytes), "all 64 KiB of the pre-touched cache read back unchanged");
    }
}
