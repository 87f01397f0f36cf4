using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Pravega.Perf.Interop.Files;

/// <summary>
/// Files opened with O_DIRECT (Linux): reads and writes bypass the page cache, so buffers, offsets and lengths must be
/// multiples of the logical block size (4 KiB is safe everywhere; <see cref="Memory.AlignedBuffer"/> gives such
/// memory). .NET has no O_DIRECT option, so the file is opened through open(2) and wrapped in a
/// <see cref="SafeFileHandle"/>, which <see cref="RandomAccess"/> and io_uring both accept.
/// </summary>
public static class DirectFile
{
    /// <summary>The alignment we use for O_DIRECT I/O.</summary>
    public const int Alignment = 4096;

    /// <summary>Opens an existing file for O_DIRECT reading and writing.</summary>
    /// <exception cref="IOException">open(2) failed (EINVAL: the file system refuses O_DIRECT, as tmpfs does).</exception>
    public static unsafe SafeFileHandle OpenExisting(string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("O_DIRECT is a Linux open(2) flag.");
        }
        var utf8 = System.Text.Encoding.UTF8.GetBytes(Path.GetFullPath(path) + "\0");
        int fd;
        fixed (byte* p = utf8)
        {
            fd = Interop.Libc.Open(p, Interop.Libc.ORdWr | Interop.Libc.ODirect | Interop.Libc.OCloExec);
        }
        if (fd < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw new IOException($"open({path}, O_DIRECT) failed: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})", errno);
        }
        return new SafeFileHandle(fd, ownsHandle: true);
    }

    /// <summary>
    /// True if files in <paramref name="directory"/> can be opened with O_DIRECT and written with aligned buffers (a
    /// probe file is created, written once and deleted); otherwise <paramref name="reason"/> says why.
    /// </summary>
    public static bool IsSupportedIn(string directory, out string? reason)
    {
        if (!OperatingSystem.IsLinux())
        {
            reason = "O_DIRECT needs Linux";
            return false;
        }
        var probe = Path.Combine(directory, ".o_direct-probe-" + Guid.NewGuid().ToString("N"));
        try
        {
            Directory.CreateDirectory(directory);
            File.WriteAllBytes(probe, new byte[Alignment]);
            using var handle = OpenExisting(probe);
            using var buffer = new Memory.AlignedBuffer(Alignment);
            RandomAccess.Write(handle, buffer.GetSpan(), 0);
            reason = null;
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            reason = $"O_DIRECT refused in {directory}: {e.Message}";
            return false;
        }
        finally
        {
            File.Delete(probe);
        }
    }
}
