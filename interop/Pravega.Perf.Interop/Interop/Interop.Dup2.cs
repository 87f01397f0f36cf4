using System.Runtime.InteropServices;

namespace Pravega.Perf.Interop;

internal static partial class Interop
{
    internal static partial class Libc
    {
        /// <summary>Wraps dup2(2): makes <paramref name="newFd"/> refer to <paramref name="oldFd"/>'s file, dropping
        /// the descriptor table's reference on what it referred to before (as close(2) would, without freeing the
        /// number).</summary>
        [LibraryImport(Name, EntryPoint = "dup2", SetLastError = true)]
        internal static partial int Dup2(int oldFd, int newFd);
    }
}
