using System.Buffers;
using System.Runtime.InteropServices;
using Pravega.Perf.Interop.Memory;
using static Pravega.Perf.Interop.IoUring.IoUringConstants;

namespace Pravega.Perf.Interop.IoUring;

// Registered (fixed) buffers: the kernel maps their pages once, so READ/WRITE on them skip the per-operation page
// pinning. They need RLIMIT_MEMLOCK (or CAP_IPC_LOCK) for their size.
public sealed partial class Ring
{
    private AlignedBuffer[] _registered = [];
    private MemoryHandle[] _registeredPins = [];

    /// <summary>The buffers currently registered (in index order).</summary>
    public IReadOnlyList<AlignedBuffer> RegisteredBuffers => Volatile.Read(ref _registered);

    /// <summary>
    /// Registers <paramref name="buffers"/> with the kernel (replacing any earlier set), so operations whose memory lies
    /// inside one of them go as READ_FIXED / WRITE_FIXED. The buffers stay pinned until replaced or the ring is disposed.
    /// Do not replace the set while operations on the old buffers are in flight. Blocks until the dispatcher has done it.
    /// </summary>
    /// <exception cref="RingException">The kernel refused (ENOMEM: the memlock limit; EINVAL: bad buffers).</exception>
    public void RegisterBuffers(IReadOnlyList<AlignedBuffer> buffers)
    {
        ArgumentNullException.ThrowIfNull(buffers);
        ThrowIfDisposed();
        var request = new RegistrationRequest(this, [.. buffers]);
        if (IsDispatcherThread)
        {
            request.Run(ringAlive: true);
        }
        else
        {
            Post(static (state, alive) => ((RegistrationRequest)state!).Run(alive), request);
            request.Done.Wait();
        }
        request.Done.Dispose();
        if (request.Error is not null)
        {
            throw request.Error;
        }
    }

    private int? RegisteredIndex(Memory<byte> buffer)
    {
        var registered = Volatile.Read(ref _registered);
        if (registered.Length == 0 || !MemoryMarshal.TryGetMemoryManager<byte, AlignedBuffer>(buffer, out var manager))
        {
            return null;
        }
        var index = Array.IndexOf(registered, manager);
        return index < 0 ? null : index;
    }

    /// <summary>Dispatcher thread: swaps the kernel's buffer table.</summary>
    private unsafe void ApplyRegistration(AlignedBuffer[] buffers)
    {
        var core = _core!;
        if (_registered.Length > 0)
        {
            _ = core.Register(UnregisterBuffers, null, 0);
            ReleaseRegisteredPins();
        }
        if (buffers.Length == 0)
        {
            return;
        }
        var pins = new MemoryHandle[buffers.Length];
        var iovecs = new nint[buffers.Length * 2]; // struct iovec { void* base; size_t len; }
        for (var i = 0; i < buffers.Length; i++)
        {
            pins[i] = buffers[i].Pin();
            iovecs[2 * i] = (nint)pins[i].Pointer;
            iovecs[2 * i + 1] = buffers[i].Length;
        }
        int r;
        fixed (nint* vectors = iovecs)
        {
            r = core.Register(IoUringConstants.RegisterBuffers, vectors, (uint)buffers.Length);
        }
        if (r < 0)
        {
            foreach (var pin in pins)
            {
                pin.Dispose();
            }
            throw new RingException("IORING_REGISTER_BUFFERS", -r);
        }
        _registeredPins = pins;
        Volatile.Write(ref _registered, buffers);
    }

    private void ReleaseRegisteredPins()
    {
        foreach (var pin in _registeredPins)
        {
            pin.Dispose();
        }
        _registeredPins = [];
        Volatile.Write(ref _registered, []);
    }

    private sealed class RegistrationRequest(Ring ring, AlignedBuffer[] buffers)
    {
        public ManualResetEventSlim Done { get; } = new();

        public Exception? Error { get; private set; }

        public void Run(bool ringAlive)
        {
            try
            {
                if (ringAlive)
                {
                    ring.ApplyRegistration(buffers);
                }
                else
                {
                    Error = new ObjectDisposedException(nameof(Ring));
                }
            }
            catch (Exception e)
            {
                Error = e;
            }
            finally
            {
                Done.Set();
            }
        }
    }
}
