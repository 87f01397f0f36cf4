using System.Buffers;
using System.Diagnostics;
using System.Numerics;
using System.Runtime.InteropServices;

namespace Pravega.Perf.Interop.Memory;

/// <summary>
/// A block of native memory whose address is a multiple of <see cref="Alignment"/> (4 KiB by default, what
/// O_DIRECT and io_uring fixed buffers need), exposed as <see cref="Span{T}"/> and, through
/// <see cref="MemoryManager{T}"/>, as <see cref="Memory{T}"/>. Native memory never moves, so pinning is free;
/// a pin (an I/O in flight) keeps the memory alive even if the buffer is disposed meanwhile, and the last
/// unpin frees it. There is deliberately no finalizer (CA2015: it could free memory a live span still uses),
/// so an undisposed buffer leaks its memory: own it with <c>using</c> or <c>try/finally</c>. A buffer rented
/// from an <see cref="AlignedBlockPool"/> goes back to the pool on <see cref="IDisposable.Dispose"/>.
/// </summary>
public sealed unsafe class AlignedBuffer : MemoryManager<byte>
{
    /// <summary>The page size: what O_DIRECT reads and writes need on every file system we target.</summary>
    public const int DefaultAlignment = 4096;

    private readonly AlignedBlockPool? _pool;
    private byte* _pointer;
    // 1 for the owner plus 1 per outstanding pin; the memory is freed when it drops to 0.
    private int _references = 1;
    private int _disposed;
    // For pooled buffers: 1 while rented, 0 while in the pool.
    private int _rented;

    /// <summary>Allocates <paramref name="length"/> bytes aligned to <paramref name="alignment"/>.</summary>
    /// <param name="length">Bytes to allocate, at least 1.</param>
    /// <param name="alignment">A power of two; the start address is a multiple of it.</param>
    /// <param name="clear">Zero the memory; native allocations start with whatever the allocator had.</param>
    public AlignedBuffer(int length, int alignment = DefaultAlignment, bool clear = true)
        : this(length, alignment, clear, pool: null)
    {
    }

    internal AlignedBuffer(int length, int alignment, bool clear, AlignedBlockPool? pool)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(length);
        if (alignment <= 0 || !BitOperations.IsPow2(alignment))
        {
            throw new ArgumentOutOfRangeException(nameof(alignment), alignment, "alignment must be a positive power of two");
        }
        _pointer = (byte*)NativeMemory.AlignedAlloc((nuint)length, (nuint)alignment);
        if (clear)
        {
            NativeMemory.Clear(_pointer, (nuint)length);
        }
        Length = length;
        Alignment = alignment;
        _pool = pool;
    }

    public int Length { get; }

    public int Alignment { get; }

    /// <summary>The start address, for system calls. Valid while the buffer is not disposed (or is pinned).</summary>
    public nint Address
    {
        get
        {
            ThrowIfUnusable();
            return (nint)_pointer;
        }
    }

    /// <summary>True when this buffer belongs to a pool, which takes it back on dispose.</summary>
    public bool IsPooled => _pool != null;

    internal AlignedBlockPool? Pool => _pool;

    /// <summary>True while a <see cref="MemoryHandle"/> from <see cref="Pin"/> is alive.</summary>
    internal bool IsPinned => Volatile.Read(ref _references) > 1;

    public override Span<byte> GetSpan()
    {
        ThrowIfUnusable();
        return new Span<byte>(_pointer, Length);
    }

    /// <summary>Pins nothing (native memory does not move) but keeps the memory allocated until the handle is disposed.</summary>
    public override MemoryHandle Pin(int elementIndex = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(elementIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(elementIndex, Length);
        ThrowIfUnusable();
        while (true)
        {
            var current = Volatile.Read(ref _references);
            ObjectDisposedException.ThrowIf(current == 0, this);
            if (Interlocked.CompareExchange(ref _references, current + 1, current) == current)
            {
                break;
            }
        }
        return new MemoryHandle(_pointer + elementIndex, default, this);
    }

    public override void Unpin() => ReleaseReference();

    protected override void Dispose(bool disposing)
    {
        if (disposing && _pool != null)
        {
            _pool.Return(this);
            return;
        }
        Free();
    }

    // For the pool, which clears a block after marking it returned.
    internal Span<byte> GetSpanUnchecked() => new(_pointer, Length);

    // Pool bookkeeping: flips the rented flag and reports whether it was in the other state.
    internal bool TryMarkRented() => Interlocked.Exchange(ref _rented, 1) == 0;

    internal bool TryMarkReturned() => Interlocked.Exchange(ref _rented, 0) == 1;

    /// <summary>Gives up the owner's reference; the memory is freed now or at the last unpin.</summary>
    internal void Free()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            ReleaseReference();
        }
    }

    private void ReleaseReference()
    {
        var remaining = Interlocked.Decrement(ref _references);
        Debug.Assert(remaining >= 0, "more unpins than pins");
        if (remaining == 0)
        {
            NativeMemory.AlignedFree(_pointer);
            _pointer = null;
        }
    }

    private void ThrowIfUnusable()
    {
        // A pooled buffer back in its pool counts as disposed for its former renter.
        ObjectDisposedException.ThrowIf(
            Volatile.Read(ref _disposed) != 0 || (_pool != null && Volatile.Read(ref _rented) == 0), this);
    }
}
