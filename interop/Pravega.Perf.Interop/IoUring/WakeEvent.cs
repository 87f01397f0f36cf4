using System.Runtime.InteropServices;

namespace Pravega.Perf.Interop.IoUring;

/// <summary>
/// The eventfd a sleeping dispatcher keeps a READ armed on: another thread writes to it to end the dispatcher's
/// io_uring_enter(2) wait. The 8-byte counter the READ lands in is native memory, so it never moves under the kernel.
/// </summary>
internal sealed unsafe class WakeEvent : IDisposable
{
    private readonly int _fd;
    private ulong* _counter;

    public WakeEvent()
    {
        _fd = Interop.Libc.EventFd(0, Interop.Libc.EfdCloExec);
        if (_fd < 0)
        {
            throw new RingException("eventfd", Marshal.GetLastPInvokeError());
        }
        _counter = (ulong*)NativeMemory.AllocZeroed(sizeof(ulong));
    }

    public int Fd => _fd;

    /// <summary>Where the armed READ stores the counter.</summary>
    public nint CounterAddress => (nint)_counter;

    public void Signal()
    {
        var one = 1UL;
        // EAGAIN only if the counter is at its maximum, which a pending wake-up already implies: nothing to do.
        _ = Interop.Libc.Write(_fd, &one, sizeof(ulong));
    }

    public void Dispose()
    {
        if (_counter is null)
        {
            return;
        }
        _ = Interop.Libc.Close(_fd);
        NativeMemory.Free(_counter);
        _counter = null;
    }
}
