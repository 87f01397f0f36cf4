using System.Runtime.InteropServices;

namespace Pravega.Perf.Interop.IoUring;

/// <summary>An io_uring system call or operation failed; <see cref="Errno"/> is the Linux error number.</summary>
public sealed class RingException : IOException
{
    public RingException(string operation, int errno)
        : base($"{operation} failed: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})", errno)
    {
        Operation = operation;
        Errno = errno;
    }

    /// <summary>What failed (a system call or an opcode name).</summary>
    public string Operation { get; }

    /// <summary>The positive errno (EBADF = 9, EINVAL = 22, …).</summary>
    public int Errno { get; }
}
