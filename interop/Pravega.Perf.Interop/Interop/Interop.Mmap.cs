using System.Runtime.InteropServices;

namespace Pravega.Perf.Interop;

internal static partial class Interop
{
    internal static partial class Libc
    {
        internal const int ProtRead = 1;
        internal const int ProtWrite = 2;
        internal const int MapShared = 1;
        internal const int MapPopulate = 0x8000;

        /// <summary>Wraps mmap(2); returns MAP_FAILED (-1) and sets errno on failure.</summary>
        [LibraryImport(Name, EntryPoint = "mmap", SetLastError = true)]
        internal static partial nint Mmap(nint address, nuint length, int protection, int flags, int fd, long offset);

        /// <summary>Wraps munmap(2).</summary>
        [LibraryImport(Name, EntryPoint = "munmap", SetLastError = true)]
        internal static partial int Munmap(nint address, nuint length);
    }
}
