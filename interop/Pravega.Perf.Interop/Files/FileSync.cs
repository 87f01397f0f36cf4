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

    /// <summary>The portable path: a full flush through the runtime (fsync on Unix, FlushFileBuffers on Windows).
    /// The caller's handle stays open.</summary>
    internal static void ManagedFlush(SafeFileHandle handle) => RandomAccess.FlushToDisk(handle);

    /// <summary>
    /// Makes the entries of a directory durable: a file created, renamed, linked or deleted in it survives a power
    /// loss only once its directory is synced (fsync(2) on the directory). The runtime cannot open a directory, so
    /// on Linux this opens it with O_DIRECTORY; elsewhere it does nothing (NTFS journals names itself).
    /// </summary>
    /// <exception cref="IOException">The directory could not be opened or synced.</exception>
    public static unsafe void SyncDirectory(string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }
        var utf8 = System.Text.Encoding.UTF8.GetBytes(Path.GetFullPath(path) + "\0");
        int fd;
        fixed (byte* p = utf8)
        {
            fd = Interop.Libc.Open(p, Interop.Libc.ORdOnly | Interop.Libc.ODirectory | Interop.Libc.OCloExec);
        }
        if (fd < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw new IOException($"open({path}) for a directory sync failed: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})", errno);
        }
        try
        {
            if (Interop.Libc.FSync(fd) != 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                throw new IOException($"fsync of directory {path} failed: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})", errno);
            }
        }
        finally
        {
            _ = Interop.Libc.Close(fd);
        }
    }
}
