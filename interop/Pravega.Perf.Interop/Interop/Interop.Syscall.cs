using System.Runtime.InteropServices;

namespace Pravega.Perf.Interop;

internal static partial class Interop
{
    internal static partial class Libc
    {
        /// <summary>
        /// Wraps syscall(2), for the io_uring calls that glibc has no wrapper for. The C function is variadic, which .NET
        /// cannot import on Unix; declaring six fixed <c>long</c>s works on Linux x64 and arm64 because integer varargs travel
        /// in the same registers and glibc's <c>syscall</c> only shuffles them. Returns -1 and sets errno on failure.
        /// </summary>
        [LibraryImport(Name, EntryPoint = "syscall", SetLastError = true)]
        internal static partial long Syscall(long number, long a1, long a2, long a3, long a4, long a5, long a6);
    }
}
