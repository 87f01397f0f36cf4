using System.Runtime.InteropServices;

namespace Pravega.Perf.Interop;

internal static partial class Interop
{
    internal static partial class Libc
    {
        internal const int EfdCloExec = 0x80000;

        /// <summary>Wraps eventfd(2): a counter file descriptor, used to wake a thread waiting in io_uring_enter(2).</summary>
        [LibraryImport(Name, EntryPoint = "eventfd", SetLastError = true)]
        internal static partial int EventFd(uint initialValue, int flags);

        /// <summary>Wraps write(2) on a raw descriptor (the eventfd's 8-byte counter increment).</summary>
        [LibraryImport(Name, EntryPoint = "write", SetLastError = true)]
        internal static unsafe partial nint Write(int fd, void* buffer, nuint count);
    }
}
