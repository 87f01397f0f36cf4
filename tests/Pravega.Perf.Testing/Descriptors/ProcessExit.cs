using System.Runtime.InteropServices;
using static Pravega.Perf.Interop.Interop;

namespace Pravega.Perf.Testing.Descriptors;

/// <summary>What the kernel does to a process's descriptors when it dies, applied to one descriptor in-process.</summary>
public static class ProcessExit
{
    /// <summary>
    /// Drops the descriptor table's reference on <paramref name="handle"/>'s file, as exit (SIGKILL) does: no
    /// shutdown(2), no disconnect (which <c>Socket.Dispose</c> adds while an operation holds the handle), so the file
    /// lives on only if something else in the kernel still references it (a pending io_uring request does). The number
    /// is pointed at /dev/null rather than freed, so the handle's own close later closes that and nothing else.
    /// </summary>
    /// <exception cref="IOException">dup2(2) failed.</exception>
    public static void DropDescriptor(SafeHandle handle)
    {
        ArgumentNullException.ThrowIfNull(handle);
        using var devNull = File.OpenHandle("/dev/null", FileMode.Open, FileAccess.Read);
        var added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            if (Libc.Dup2((int)devNull.DangerousGetHandle(), (int)handle.DangerousGetHandle()) < 0)
            {
                throw new IOException($"dup2 failed with errno {Marshal.GetLastPInvokeError()}");
            }
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }
}
