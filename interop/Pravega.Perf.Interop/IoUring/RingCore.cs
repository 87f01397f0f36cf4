using System.Runtime.InteropServices;
using static Pravega.Perf.Interop.IoUring.IoUringConstants;

namespace Pravega.Perf.Interop.IoUring;

/// <summary>
/// One io_uring instance: its descriptor and the three shared mappings (SQ ring, CQ ring, SQE array). Not thread-safe:
/// exactly one thread (the <see cref="Ring"/>'s dispatcher) fills SQEs, enters and reaps. Memory ordering follows the
/// kernel's single-producer/single-consumer protocol: SQEs are filled, then the SQ tail is published with a release
/// store; the CQ tail is read with an acquire load before a CQE is read, and the CQ head is advanced with a release store
/// after the CQE has been copied out. (Plain moves on x64; real barriers on arm64, and they stop JIT reordering.)
/// </summary>
internal sealed unsafe class RingCore : IDisposable
{
    private readonly int _fd;
    private readonly nint _sqRing;
    private readonly nuint _sqRingSize;
    private readonly nint _cqRing;
    private readonly nuint _cqRingSize;
    private readonly nint _sqeArray;
    private readonly nuint _sqeArraySize;
    private readonly uint* _sqHead;
    private readonly uint* _sqTail;
    private readonly uint* _sqFlags;
    private readonly uint _sqMask;
    private readonly uint* _cqHead;
    private readonly uint* _cqTail;
    private readonly uint _cqMask;
    private readonly IoUringSqe* _sqes;
    private readonly IoUringCqe* _cqes;
    private uint _sqeTail;
    private uint _toSubmit;
    private bool _disposed;

    private RingCore(int fd, in IoUringParams p)
    {
        _fd = fd;
        SqEntries = p.SqEntries;
        CqEntries = p.CqEntries;
        Features = p.Features;
        Flags = (RingSetupFlags)p.Flags;
        _sqRingSize = p.SqOff.Array + p.SqEntries * sizeof(uint);
        _cqRingSize = p.CqOff.Cqes + p.CqEntries * (uint)sizeof(IoUringCqe);
        var singleMmap = (p.Features & FeatSingleMmap) != 0;
        if (singleMmap)
        {
            _sqRingSize = _cqRingSize = Math.Max(_sqRingSize, _cqRingSize);
        }
        try
        {
            _sqRing = Map(fd, _sqRingSize, OffSqRing);
            _cqRing = singleMmap ? _sqRing : Map(fd, _cqRingSize, OffCqRing);
            _sqeArraySize = p.SqEntries * (uint)sizeof(IoUringSqe);
            _sqeArray = Map(fd, _sqeArraySize, OffSqes);
        }
        catch
        {
            Unmap();
            _ = Interop.Libc.Close(fd);
            throw;
        }
        var sq = (byte*)_sqRing;
        _sqHead = (uint*)(sq + p.SqOff.Head);
        _sqTail = (uint*)(sq + p.SqOff.Tail);
        _sqFlags = (uint*)(sq + p.SqOff.Flags);
        _sqMask = *(uint*)(sq + p.SqOff.RingMask);
        // Without IORING_SETUP_NO_SQARRAY the kernel reads SQE indices from this array: make it the identity once, so
        // publishing a new tail is all a submission takes.
        var array = (uint*)(sq + p.SqOff.Array);
        for (uint i = 0; i < p.SqEntries; i++)
        {
            array[i] = i;
        }
        var cq = (byte*)_cqRing;
        _cqHead = (uint*)(cq + p.CqOff.Head);
        _cqTail = (uint*)(cq + p.CqOff.Tail);
        _cqMask = *(uint*)(cq + p.CqOff.RingMask);
        _cqes = (IoUringCqe*)(cq + p.CqOff.Cqes);
        _sqes = (IoUringSqe*)_sqeArray;
        _sqeTail = *_sqTail;
    }

    public uint SqEntries { get; }

    public uint CqEntries { get; }

    public uint Features { get; }

    public RingSetupFlags Flags { get; }

    /// <summary>SQEs that can still be filled before the next <see cref="Enter"/>.</summary>
    public uint FreeSqes => SqEntries - (_sqeTail - Volatile.Read(ref *_sqHead));

    /// <summary>Calls io_uring_setup(2); returns 0 and the ring, or a positive errno.</summary>
    public static int TryCreate(uint entries, RingSetupFlags flags, out RingCore? ring)
    {
        ring = null;
        IoUringParams p = default;
        p.Flags = (uint)flags;
        var fd = Interop.Libc.Syscall(SysSetup, entries, (long)&p, 0, 0, 0, 0);
        if (fd < 0)
        {
            return Marshal.GetLastPInvokeError();
        }
        ring = new RingCore((int)fd, p);
        return 0;
    }

    /// <summary>A zeroed SQE to fill (stale union bytes of an earlier op would give EINVAL), or null when the SQ is
    /// full (enter first).</summary>
    public IoUringSqe* TryGetSqe()
    {
        // Without SQPOLL the kernel consumes SQEs only inside our own io_uring_enter, on this thread.
        if (_sqeTail - *_sqHead >= SqEntries)
        {
            return null;
        }
        var sqe = &_sqes[_sqeTail & _sqMask];
        _sqeTail++;
        _toSubmit++;
        *sqe = default;
        return sqe;
    }

    /// <summary>
    /// Publishes the filled SQEs and calls io_uring_enter(2), waiting for at least <paramref name="minComplete"/>
    /// completions. Returns the number of SQEs the kernel consumed, or -errno (EINTR is retried; EAGAIN/EBUSY mean
    /// "reap completions, then enter again").
    /// </summary>
    public int Enter(uint minComplete)
    {
        Volatile.Write(ref *_sqTail, _sqeTail); // release: the SQEs' contents before the tail
        var flags = 0u;
        if (minComplete > 0 || (Volatile.Read(ref *_sqFlags) & SqCqOverflow) != 0)
        {
            flags |= EnterGetEvents;
        }
        if (_toSubmit == 0 && flags == 0)
        {
            return 0;
        }
        while (true)
        {
            var r = Interop.Libc.Syscall(SysEnter, _fd, _toSubmit, minComplete, flags, 0, 8);
            if (r >= 0)
            {
                _toSubmit -= (uint)Math.Min(r, _toSubmit);
                return (int)r;
            }
            var errno = Marshal.GetLastPInvokeError();
            if (errno != EIntr)
            {
                return -errno;
            }
        }
    }

    /// <summary>Copies the oldest unseen CQE out and releases its slot to the kernel.</summary>
    public bool TryReap(out IoUringCqe cqe)
    {
        var head = *_cqHead;
        if (head == Volatile.Read(ref *_cqTail)) // acquire: the CQE's contents after the tail
        {
            cqe = default;
            return false;
        }
        cqe = _cqes[head & _cqMask];
        Volatile.Write(ref *_cqHead, head + 1); // release: done reading the slot
        return true;
    }

    /// <summary>Calls io_uring_register(2); returns its result or -errno. With SINGLE_ISSUER this must run on the
    /// submitting thread (other threads get EEXIST).</summary>
    public int Register(uint opcode, void* argument, uint count)
    {
        var r = Interop.Libc.Syscall(SysRegister, _fd, opcode, (long)argument, count, 0, 0);
        return r < 0 ? -Marshal.GetLastPInvokeError() : (int)r;
    }

    /// <summary>Asks the kernel which opcodes it supports (IORING_REGISTER_PROBE). Element i is opcode i.</summary>
    public bool[] Probe()
    {
        // struct io_uring_probe (16 bytes) + 256 × struct io_uring_probe_op (8 bytes); must be zeroed (EINVAL otherwise).
        const int headerSize = 16;
        const int opSize = 8;
        var size = headerSize + ProbeOpCount * opSize;
        var buffer = stackalloc byte[size];
        new Span<byte>(buffer, size).Clear();
        if (Register(RegisterProbe, buffer, ProbeOpCount) < 0)
        {
            return [];
        }
        var opsLength = buffer[1];
        var supported = new bool[opsLength];
        for (var i = 0; i < opsLength; i++)
        {
            var op = buffer + headerSize + i * opSize;
            supported[op[0]] = (*(ushort*)(op + 2) & OpSupported) != 0;
        }
        return supported;
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        Unmap();
        _ = Interop.Libc.Close(_fd);
    }

    private static nint Map(int fd, nuint size, long offset)
    {
        var address = Interop.Libc.Mmap(0, size, Interop.Libc.ProtRead | Interop.Libc.ProtWrite,
            Interop.Libc.MapShared | Interop.Libc.MapPopulate, fd, offset);
        if (address == -1)
        {
            throw new RingException("mmap of the io_uring rings", Marshal.GetLastPInvokeError());
        }
        return address;
    }

    private void Unmap()
    {
        if (_sqeArray != 0)
        {
            _ = Interop.Libc.Munmap(_sqeArray, _sqeArraySize);
        }
        if (_cqRing != 0 && _cqRing != _sqRing)
        {
            _ = Interop.Libc.Munmap(_cqRing, _cqRingSize);
        }
        if (_sqRing != 0)
        {
            _ = Interop.Libc.Munmap(_sqRing, _sqRingSize);
        }
    }
}
