using System.Runtime.InteropServices;

namespace Pravega.Perf.Interop;

internal static partial class Interop
{
    internal static partial class Libc
    {
        internal const int ORdOnly = 0;
        internal const int ORdWr = 2;
        internal const int OCloExec = 0x80000;

        /// <summary>O_DIRECTORY, like O_DIRECT, differs by architecture: 0x10000 on x86_64 (asm-generic/fcntl.h),
        /// 0x4000 on arm64/arm (arch/arm64/include/uapi/asm/fcntl.h swaps the two).</summary>
        internal static int ODirectory =>
            RuntimeInformation.ProcessArchitecture is Architecture.Arm64 or Architecture.Arm ? 0x4000 : 0x10000;

        /// <summary>O_DIRECT differs by architecture: 0x4000 on x86_64 (and most others), 0x10000 on arm64/arm.</summary>
        internal static int ODirect =>
            RuntimeInformation.ProcessArchitecture is Architecture.Arm64 or Architecture.Arm ? 0x10000 : 0x4000;

        /// <summary>Wraps open(2) for a path given as NUL-terminated UTF-8 bytes.</summary>
        [LibraryImport(Name, EntryPoint = "open", SetLastError = true)]
        internal static unsafe partial int Open(byte* path, int flags);

        /// <summary>Wraps close(2).</summary>
        [LibraryImport(Name, EntryPoint = "close", SetLastError = true)]
        internal static partial int Close(int fd);
    }
}
