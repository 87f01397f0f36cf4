using System.Runtime.InteropServices;

namespace Pravega.Perf.Interop;

internal static partial class Interop
{
    internal static partial class Libc
    {
        /// <summary>Wraps fdatasync(2): flushes a file's data (and the metadata needed to read it) to the device.</summary>
        [LibraryImport(Name, EntryPoint = "fdatasync", SetLastError = true)]
        internal static partial int FDataSync(SafeHandle fd);
    }
}
