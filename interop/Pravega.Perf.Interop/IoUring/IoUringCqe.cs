using System.Runtime.InteropServices;

namespace Pravega.Perf.Interop.IoUring;

/// <summary><c>struct io_uring_cqe</c> (16 bytes; we never set up CQE32).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct IoUringCqe
{
    public ulong UserData;
    public int Res;
    public uint Flags;
}
