using System.Collections.Concurrent;
using System.Diagnostics;

namespace Pravega.Perf.Interop.Memory;

/// <summary>
/// A bounded pool of fixed-size aligned native blocks (the read cache's memory, O_DIRECT write buffers).
/// Blocks are allocated lazily up to <see cref="MaxBlocks"/> and never beyond: when every block is rented,
/// <see cref="TryRent"/> says no and the caller evicts or waits, so the pool's memory is a hard budget.
/// Returned blocks are kept for reuse, never freed, until the pool is disposed. Renting and returning a
/// block allocates nothing once the pool is warm.
/// </summary>
public sealed class AlignedBlockPool : IDisposable
{
    private readonly ConcurrentQueue<AlignedBuffer> _free = new();
    private readonly bool _clearOnReturn;
    private int _allocated;
    private int _rented;
    private long _totalRents;
    private long _totalReturns;
    private long _failedRents;
    private int _disposed;

    /// <param name="blockSize">Bytes per block.</param>
    /// <param name="maxBlocks">Hard cap on blocks in existence (rented plus free).</param>
    /// <param name="alignment">Address alignment of every block (a power of two).</param>
    /// <param name="clearOnReturn">Zero a block when it comes back, so no renter sees another's bytes.</param>
    public AlignedBlockPool(int blockSize, int maxBlocks, int alignment = AlignedBuffer.DefaultAlignment, bool clearOnReturn = false)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(blockSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxBlocks);
        if (alignment <= 0 || (alignment & (alignment - 1)) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(alignment), alignment, "alignment must be a positive power of two");
        }
        BlockSize = blockSize;
        MaxBlocks = maxBlocks;
        Alignment = alignment;
        _clearOnReturn = clearOnReturn;
    }

    public int BlockSize { get; }

    public int MaxBlocks { get; }

    public int Alignment { get; }

    /// <summary>Blocks currently out with renters; a count that never drops back shows a renter that never returns.</summary>
    public int RentedCount => Volatile.Read(ref _rented);

    /// <summary>Blocks in existence, rented or free; never above <see cref="MaxBlocks"/>.</summary>
    public int AllocatedCount => Volatile.Read(ref _allocated);

    /// <summary>Blocks that could be rented right now without allocating.</summary>
    public int FreeCount => _free.Count;

    public long TotalRents => Interlocked.Read(ref _totalRents);

    public long TotalReturns => Interlocked.Read(ref _totalReturns);

    /// <summary>Rent attempts refused because the cap was reached.</summary>
    public long FailedRents => Interlocked.Read(ref _failedRents);

    /// <summary>Bytes of native memory held by the pool.</summary>
    public long AllocatedBytes => (long)AllocatedCount * BlockSize;

    /// <summary>Rents a block, or returns false when all <see cref="MaxBlocks"/> are rented.</summary>
    public bool TryRent(out AlignedBuffer block)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (!_free.TryDequeue(out block!))
        {
            if (!TryReserveAllocation())
            {
                Interlocked.Increment(ref _failedRents);
                block = null!;
                return false;
            }
            block = new AlignedBuffer(BlockSize, Alignment, clear: true, this);
        }
        var wasFree = block.TryMarkRented();
        Debug.Assert(wasFree, "a block in the free queue was marked rented");
        Interlocked.Increment(ref _rented);
        Interlocked.Increment(ref _totalRents);
        return true;
    }

    /// <summary>Rents a block; throws when the pool is exhausted.</summary>
    public AlignedBuffer Rent() =>
        TryRent(out var block)
            ? block
            : throw new InvalidOperationException($"all {MaxBlocks} blocks of {BlockSize} bytes are rented");

    /// <summary>Takes a block back (also what disposing a rented block does).</summary>
    public void Return(AlignedBuffer block)
    {
        ArgumentNullException.ThrowIfNull(block);
        if (!ReferenceEquals(block.Pool, this))
        {
            throw new ArgumentException("the block does not belong to this pool", nameof(block));
        }
        // The next renter would share memory with an I/O that still has it pinned.
        if (block.IsPinned)
        {
            throw new InvalidOperationException("the block is still pinned; release the MemoryHandle first");
        }
        if (!block.TryMarkReturned())
        {
            throw new InvalidOperationException("the block was returned twice");
        }
        if (_clearOnReturn)
        {
            block.GetSpanUnchecked().Clear();
        }
        var remaining = Interlocked.Decrement(ref _rented);
        Debug.Assert(remaining >= 0, "more returns than rents");
        Interlocked.Increment(ref _totalReturns);
        if (Volatile.Read(ref _disposed) != 0)
        {
            FreeBlock(block);
            return;
        }
        _free.Enqueue(block);
        // Dispose may have drained the queue between the check above and the enqueue; drain again.
        if (Volatile.Read(ref _disposed) != 0)
        {
            DrainFree();
        }
    }

    /// <summary>Frees the free blocks now; rented blocks are freed as they come back.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            DrainFree();
        }
    }

    private bool TryReserveAllocation()
    {
        var current = Volatile.Read(ref _allocated);
        while (current < MaxBlocks)
        {
            var previous = Interlocked.CompareExchange(ref _allocated, current + 1, current);
            if (previous == current)
            {
                return true;
            }
            current = previous;
        }
        return false;
    }

    private void DrainFree()
    {
        while (_free.TryDequeue(out var block))
        {
            FreeBlock(block);
        }
    }

    private void FreeBlock(AlignedBuffer block)
    {
        block.Free();
        Interlocked.Decrement(ref _allocated);
    }
}
