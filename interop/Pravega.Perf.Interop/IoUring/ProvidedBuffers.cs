using Pravega.Perf.Interop.Memory;
using static Pravega.Perf.Interop.IoUring.IoUringConstants;

namespace Pravega.Perf.Interop.IoUring;

/// <summary>
/// A provided-buffer ring (IORING_REGISTER_PBUF_RING) of one <see cref="Ring"/>: <c>count</c> buffers of <c>size</c>
/// bytes that the kernel picks from itself when a receive with IOSQE_BUFFER_SELECT has data, so no memory is tied up
/// per idle connection. Each received chunk names its buffer; the consumer copies it out and recycles the buffer at once.
/// </summary>
/// <remarks>
/// Layout (linux/io_uring.h): an array of <c>struct io_uring_buf { u64 addr; u32 len; u16 bid; u16 resv; }</c>
/// (16 bytes) in page-aligned memory; the 16-bit tail the kernel consumes up to lives in entry 0's <c>resv</c> (offset
/// 14). We are the only producer: recycling happens on the dispatcher thread, and the tail is published with a release
/// store after the entry is written.
/// </remarks>
public sealed unsafe class ProvidedBuffers : IDisposable
{
    private const int EntrySize = 16;
    private const int TailOffset = 14;

    private readonly Ring _ring;
    private readonly AlignedBuffer _entries;
    private readonly AlignedBuffer _memory;
    private readonly byte* _entriesPointer;
    private readonly byte* _memoryPointer;
    private readonly ushort _mask;
    private ushort _tail;
    private bool _registered;

    /// <param name="ring">The ring the buffers belong to.</param>
    /// <param name="groupId">The buffer group id receives name (unique per ring).</param>
    /// <param name="count">Number of buffers, a power of two up to 32768.</param>
    /// <param name="size">Bytes per buffer.</param>
    /// <exception cref="RingException">The kernel refused the registration.</exception>
    public ProvidedBuffers(Ring ring, ushort groupId, int count, int size)
    {
        ArgumentNullException.ThrowIfNull(ring);
        if (count <= 0 || count > 32768 || (count & (count - 1)) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, "a power of two up to 32768");
        }
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(size);
        _ring = ring;
        GroupId = groupId;
        Count = count;
        Size = size;
        _mask = (ushort)(count - 1);
        // Whole pages: the kernel pins the ring's pages for the registration's lifetime; keep other heap data off them.
        _entries = new AlignedBuffer(Math.Max(count * EntrySize, Environment.SystemPageSize), Environment.SystemPageSize);
        _memory = new AlignedBuffer(checked(count * size), AlignedBuffer.DefaultAlignment);
        // Native memory never moves; these stay valid until Dispose frees the buffers.
        _entriesPointer = (byte*)_entries.Address;
        _memoryPointer = (byte*)_memory.Address;
        try
        {
            ring.Invoke(static (_, state) => ((ProvidedBuffers)state!).Register(), this);
        }
        catch
        {
            ((IDisposable)_entries).Dispose();
            ((IDisposable)_memory).Dispose();
            throw;
        }
    }

    public ushort GroupId { get; }

    public int Count { get; }

    public int Size { get; }

    /// <summary>The bytes of buffer <paramref name="id"/> (dispatcher thread, until it is recycled).</summary>
    internal ReadOnlySpan<byte> Data(int id, int length) => new(_memoryPointer + (long)id * Size, length);

    /// <summary>Gives buffer <paramref name="id"/> back to the kernel (dispatcher thread only).</summary>
    internal void Recycle(int id)
    {
        Put(id, _tail);
        _tail++;
        Volatile.Write(ref *(ushort*)(_entriesPointer + TailOffset), _tail); // release: the entry before the tail
    }

    public void Dispose()
    {
        if (_registered)
        {
            try
            {
                _ring.Invoke(static (_, state) => ((ProvidedBuffers)state!).Unregister(), this);
            }
            catch (ObjectDisposedException)
            {
                // The ring is gone, and the kernel's registration with it.
            }
        }
        ((IDisposable)_entries).Dispose();
        ((IDisposable)_memory).Dispose();
    }

    private void Register()
    {
        for (var id = 0; id < Count; id++)
        {
            Put(id, (ushort)id);
        }
        _tail = (ushort)Count;
        *(ushort*)(_entriesPointer + TailOffset) = _tail;
        var registration = stackalloc byte[40]; // struct io_uring_buf_reg { u64 ring_addr; u32 ring_entries; u16 bgid; u16 flags; u64 resv[3]; }
        new Span<byte>(registration, 40).Clear();
        *(ulong*)registration = (ulong)_entriesPointer;
        *(uint*)(registration + 8) = (uint)Count;
        *(ushort*)(registration + 12) = GroupId;
        var r = _ring.RegisterCore(RegisterPbufRing, registration, 1);
        if (r < 0)
        {
            throw new RingException("IORING_REGISTER_PBUF_RING", -r);
        }
        _registered = true;
    }

    private void Unregister()
    {
        var registration = stackalloc byte[40];
        new Span<byte>(registration, 40).Clear();
        *(ushort*)(registration + 12) = GroupId;
        _ = _ring.RegisterCore(UnregisterPbufRing, registration, 1);
        _registered = false;
    }

    private void Put(int id, ushort position)
    {
        // Entry 0's last two bytes are the tail: write the fields, never the whole 16 bytes.
        var entry = _entriesPointer + (position & _mask) * EntrySize;
        *(ulong*)entry = (ulong)(_memoryPointer + (long)id * Size);
        *(uint*)(entry + 8) = (uint)Size;
        *(ushort*)(entry + 12) = (ushort)id;
    }

    internal static bool HasBuffer(uint flags, out int id)
    {
        id = (int)(flags >> CqeBufferShift);
        return (flags & CqeFBuffer) != 0;
    }
}
