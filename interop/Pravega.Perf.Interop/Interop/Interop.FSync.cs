using System.Runtime.InteropServices;

namespace Pravega.Perf.Interop;

internal static partial class Interop
{
    internal static partial class Libc
    {
        /// <summary>Wraps fsync(2): flushes a file's data and metadata; on a directory, its entries (names).</summary>
        [LibraryImport(Name, EntryPoint = "fsync", SetLastError = true)]
        internal static partial int FSync(int fd);
    }
}
