using System.Runtime.InteropServices;

namespace Pravega.Perf.Interop.IoUring;

/// <summary><c>struct io_uring_params</c> (120 bytes), filled by io_uring_setup(2).</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct IoUringParams
{
    public uint SqEntries;
    public uint CqEntries;
    public uint Flags;
    public uint SqThreadCpu;
    public uint SqThreadIdle;
    public uint Features;
    public uint WqFd;
    public fixed uint Resv[3];
    public IoSqringOffsets SqOff;
    public IoCqringOffsets CqOff;
}
