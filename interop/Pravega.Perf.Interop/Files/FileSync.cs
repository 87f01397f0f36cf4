using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Pravega.Perf.Interop.Files;

/// <summary>
/// Makes written file data durable. On Linux this is <c>fdatasync(2)</c>, which skips the inode update that a
/// full <c>fsync</c> pays for when only the data changed (WAL files are written in place, so their size and
/// extents do not change). Elsewhere, or if the call is missing, the runtime's full flush is used.
/// </summary>
public static class FileSync
{
    private static bool s_useFDataSync = OperatingSystem.IsLinux();

    /// <summary>True when <see cref="DataSync"/> calls <c>fdatasync(2)</c> rather than the managed full flush.</summary>
    public static bool UsesFDataSync => s_useFDataSync;

    /// <summary>Blocks until the data written to <paramref name="handle"/> is on stable storage.</summary>
    /// <exception cref="IOException">The device reported an error; the written data may not be durable.</exception>
    public static void DataSync(SafeFileHandle handle)
    {
        if (s_useFDataSync)
        {
            try
            {
                if (Interop.Libc.FDataSync(handle) == 0)
                {
                    return;
                }
                var errno = Marshal.GetLastPInvokeError();
                throw new IOException($"fdatasync failed: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})", errno);
            }
            catch (EntryPointNotFoundException)
            {
                s_useFDataSync = false;
            }
            catch (DllNotFoundException)
            {
                s_useFDataSync = false;
            }
        }
        ManagedFlush(handle);
    }

    /// <summary>The portable path: a full flush through the runtime (fsync on Unix, FlushFileBuffers on Windows).</summary>
    internal static void ManagedFlush(SafeFileHandle handle)
    {
        using var stream = new FileStream(handle, FileAccess.ReadWrite, bufferSize: 0);
        stream.Flush(flushToDisk: true);
    }
}
