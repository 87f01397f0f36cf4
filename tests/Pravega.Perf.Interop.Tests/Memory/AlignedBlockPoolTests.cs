using Pravega.Perf.Interop.Memory;

namespace Pravega.Perf.Interop.Tests.Memory;

public sealed class AlignedBlockPoolTests
{
    [Fact]
    public void RentingStopsAtTheCapAndCountsTheRefusals()
    {
        using var pool = new AlignedBlockPool(blockSize: 8192, maxBlocks: 3);
        var blocks = new List<AlignedBuffer>();
        for (var i = 0; i < 3; i++)
        {
            Assert.True(pool.TryRent(out var b), $"rent {i} refused below the cap");
            Assert.True(b.Address % 4096 == 0, "block is not page-aligned");
            Assert.Equal(8192, b.Length);
            blocks.Add(b);
        }
        Assert.False(pool.TryRent(out _), "rent above the cap succeeded");
        Assert.Throws<InvalidOperationException>(() => pool.Rent());
        Assert.Equal(2, pool.FailedRents);
        Assert.Equal(3, pool.RentedCount);
        Assert.Equal(3, pool.AllocatedCount);
        Assert.Equal(3L * 8192, pool.AllocatedBytes);
        foreach (var b in blocks)
        {
            pool.Return(b);
        }
        Assert.Equal(0, pool.RentedCount);
        Assert.Equal(3, pool.FreeCount);
        Assert.Equal(3, pool.TotalRents);
        Assert.Equal(3, pool.TotalReturns);
    }

    [Fact]
    public void AReturnedBlockIsReusedRatherThanANewOneAllocated()
    {
        using var pool = new AlignedBlockPool(4096, 10);
        var first = pool.Rent();
        var address = first.Address;
        pool.Return(first);
        var second = pool.Rent();
        Assert.Same(first, second);
        Assert.Equal(address, second.Address);
        Assert.Equal(1, pool.AllocatedCount);
        pool.Return(second);
    }

    [Fact]
    public void DisposingARentedBlockReturnsItAndTheFormerRenterLosesAccess()
    {
        using var pool = new AlignedBlockPool(4096, 2);
        var memory = default(Memory<byte>);
        using (var block = pool.Rent())
        {
            memory = block.Memory;
            memory.Span[0] = 1;
        }
        Assert.Equal(0, pool.RentedCount);
        Assert.Equal(1, pool.FreeCount);
        Assert.Throws<ObjectDisposedException>(() => memory.Span.Length);
    }

    [Fact]
    public void ReturningTwiceOrReturningAForeignBlockIsRefused()
    {
        using var pool = new AlignedBlockPool(4096, 2);
        using var other = new AlignedBlockPool(4096, 2);
        using var standalone = new AlignedBuffer(4096);
        var block = pool.Rent();
        pool.Return(block);
        Assert.Throws<InvalidOperationException>(() => pool.Return(block));
        Assert.Throws<ArgumentException>(() => pool.Return(standalone));
        var foreign = other.Rent();
        Assert.Throws<ArgumentException>(() => pool.Return(foreign));
        other.Return(foreign);
        Assert.Equal(0, pool.RentedCount);
        Assert.Equal(1, pool.TotalReturns);
    }

    [Fact]
    public void APinnedBlockCannotBeReturnedUntilItsHandleIsReleased()
    {
        using var pool = new AlignedBlockPool(4096, 1);
        var block = pool.Rent();
        var handle = block.Memory.Pin();
        Assert.Throws<InvalidOperationException>(() => pool.Return(block));
        Assert.Equal(1, pool.RentedCount);
        handle.Dispose();
        pool.Return(block);
        Assert.Equal(0, pool.RentedCount);
    }

    [Fact]
    public void ClearOnReturnHandsTheNextRenterZeroedMemory()
    {
        using var pool = new AlignedBlockPool(4096, 1, clearOnReturn: true);
        var block = pool.Rent();
        block.GetSpan().Fill(0x5A);
        pool.Return(block);
        block = pool.Rent();
        Assert.True(block.GetSpan().IndexOfAnyExcept((byte)0) < 0, "a returned block kept its bytes");
        pool.Return(block);
    }

    [Fact]
    public void DisposingThePoolFreesFreeBlocksNowAndRentedOnesWhenTheyComeBack()
    {
        var pool = new AlignedBlockPool(4096, 4);
        var kept = pool.Rent();
        pool.Return(pool.Rent());
        Assert.Equal(2, pool.AllocatedCount);
        pool.Dispose();
        Assert.Equal(1, pool.AllocatedCount);
        Assert.Throws<ObjectDisposedException>(() => pool.TryRent(out _));
        kept.GetSpan()[0] = 1;
        pool.Return(kept);
        Assert.Equal(0, pool.AllocatedCount);
        Assert.Throws<ObjectDisposedException>(() => kept.GetSpan());
    }

    [Fact]
    public void ConcurrentRentersNeverExceedTheCapAndTheCountsBalance()
    {
        const int Cap = 8;
        using var pool = new AlignedBlockPool(4096, Cap);
        var inUse = 0;
        var maxInUse = 0;
        var refused = 0L;
        var threads = Enumerable.Range(0, 4).Select(t => new Thread(() =>
        {
            for (var i = 0; i < 20_000; i++)
            {
                if (!pool.TryRent(out var b))
                {
                    Interlocked.Increment(ref refused);
                    continue;
                }
                var now = Interlocked.Increment(ref inUse);
                InterlockedMax(ref maxInUse, now);
                b.GetSpan()[0] = (byte)t;
                Interlocked.Decrement(ref inUse);
                pool.Return(b);
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        Assert.True(maxInUse <= Cap, $"{maxInUse} blocks were rented at once, cap {Cap}");
        Assert.True(pool.AllocatedCount <= Cap, $"{pool.AllocatedCount} blocks allocated, cap {Cap}");
        Assert.Equal(0, pool.RentedCount);
        Assert.Equal(pool.TotalRents, pool.TotalReturns);
        Assert.Equal((4 * 20_000) - refused, pool.TotalRents);
        Assert.Equal(refused, pool.FailedRents);
    }

    [Fact]
    public void RentAndReturnOnAWarmPoolAllocateNothing()
    {
        using var pool = new AlignedBlockPool(4096, 4);
        pool.Return(pool.Rent());
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            pool.Return(pool.Rent());
        }
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated == 0, $"1000 rent/return pairs allocated {allocated} bytes");
    }

    [Fact]
    public void InvalidPoolShapesAreRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new AlignedBlockPool(0, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new AlignedBlockPool(4096, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new AlignedBlockPool(4096, 1, alignment: 100));
    }

    private static void InterlockedMax(ref int target, int value)
    {
        var current = Volatile.Read(ref target);
        while (value > current)
        {
            var previous = Interlocked.CompareExchange(ref target, value, current);
            if (previous == current)
            {
                return;
            }
            current = previous;
        }
    }
}
