using Pravega.Perf.SegmentStore.Cache;
using static Pravega.Perf.SegmentStore.Tests.TestData;

namespace Pravega.Perf.SegmentStore.Tests.Cache;

public sealed class EvictionTests
{
    private const int Block = 4096;

    [Fact]
    public void OnlyBlocksWhollyBelowTheStorageLengthAreEvictedAndTheLeastRecentlyUsedGoFirst()
    {
        using var cache = new BlockCache(64 * Block, Block);
        var old = new SegmentReadIndex(cache, 0);
        var recent = new SegmentReadIndex(cache, 0);
        Assert.True(old.TryReserve(24 * Block) && recent.TryReserve(24 * Block), "the cache holds 64 blocks");
        old.Write(0, Bytes(24 * Block, 1));
        var recentBytes = Bytes(24 * Block, 2);
        recent.Write(0, recentBytes);
        old.SetEvictableBelow(24 * Block);
        recent.SetEvictableBelow(20 * Block + 100); // 20 whole blocks flushed, the 21st only partly
        cache.Evictor.AdvanceGeneration();
        var probe = new byte[Block];
        for (var i = 0; i < 20; i++)
        {
            Assert.True(recent.ReadCached(i * Block, probe) == Block, "a cached block reads whole");
        }

        Assert.True(new SegmentReadIndex(cache, 0).TryReserve(16 * Block), "16 blocks were free");
        Assert.True(new SegmentReadIndex(cache, 0).TryReserve(20 * Block), "20 flushed blocks are evicted to make room");
        Assert.True(old.BlockCount == 4, $"the least recently used flushed blocks go first: {old.BlockCount} of 24 left");
        Assert.True(recent.BlockCount == 24, $"the recently read ones stay: {recent.BlockCount} of 24 left");

        Assert.False(new SegmentReadIndex(cache, 0).TryReserve(30 * Block), "unflushed blocks are never evicted: no room for 30");
        Assert.True(recent.BlockCount == 4, $"only the 4 blocks not wholly flushed are left: {recent.BlockCount}");
        Assert.True(recent.ReadCached(20 * Block, probe) == Block && probe.AsSpan().SequenceEqual(recentBytes.AsSpan(20 * Block, Block)),
            "the partly flushed block keeps its bytes");
        Assert.Equal(0, recent.ReadCached(0, probe));
    }

    [Fact]
    public void AFillPutsFetchedBytesBackIntoTheHolesAndBelowTheFirstSlot()
    {
        using var cache = new BlockCache(16 * Block, Block);
        var index = new SegmentReadIndex(cache, 4 * Block); // recovered: bytes below 4 blocks are in Tier-2 only
        Assert.True(index.TryReserve(6 * Block), "room for the replayed tail");
        index.Write(4 * Block, Bytes(2 * Block, 3));
        var history = Bytes(4 * Block, 4);
        index.SetEvictableBelow(6 * Block);
        var probe = new byte[Block];
        Assert.Equal(0, index.ReadCached(0, probe));
        index.Fill(0, history);
        Assert.True(index.ReadCached(Block, probe) == Block && probe.AsSpan().SequenceEqual(history.AsSpan(Block, Block)),
            "the fetched history is cached below the first slot");
        Assert.True(index.IsCached(0, 6 * Block), "history and tail are both cached now");
        index.Free();
        Assert.Equal(16, cache.FreeBlocks);
    }

    [Fact]
    public void ARecoveryWriteSkipsAReservedBlockEvictedBelowTheStorageLengthAndALiveWriteRefusesIt()
    {
        using var cache = new BlockCache(16 * Block, Block);
        var index = new SegmentReadIndex(cache, 0);
        Assert.True(index.TryReserve(4 * Block), "room for four blocks");
        // A reconciliation during recovery raised the storage length past the replay: the reserved, not yet
        // written, first two blocks are evictable, and a reclaim takes them.
        index.SetEvictableBelow(2 * Block + 10);
        cache.Evictor.AdvanceGeneration();
        Assert.True(new SegmentReadIndex(cache, 0).TryReserve(14 * Block), "the two evictable blocks are reclaimed for 14 new ones");
        Assert.True(index.BlockCount == 2, $"two blocks left: {index.BlockCount}");

        var bytes = Bytes(4 * Block, 7);
        Assert.Throws<InvalidOperationException>(() => index.Write(0, bytes));
        index.Write(0, bytes, skipEvicted: true);
        var probe = new byte[Block];
        Assert.Equal(0, index.ReadCached(0, probe));
        Assert.True(index.ReadCached(2 * Block, probe) == Block && probe.AsSpan().SequenceEqual(bytes.AsSpan(2 * Block, Block)),
            "the blocks still there got their bytes");
        Assert.True(index.ReadCached(3 * Block, probe) == Block && probe.AsSpan().SequenceEqual(bytes.AsSpan(3 * Block, Block)),
            "up to the end of the write");
    }
}
