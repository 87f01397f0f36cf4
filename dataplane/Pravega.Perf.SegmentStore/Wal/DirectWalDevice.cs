using Microsoft.Win32.SafeHandles;
using Pravega.Perf.Interop.Files;

namespace Pravega.Perf.SegmentStore.Wal;

/// <summary>
/// The O_DIRECT WAL without a ring (Linux): the same laid-out, reused log files and format as
/// <see cref="FileWalDevice"/>, opened with O_DIRECT, each frame written by the container's writer thread itself with
/// one aligned pwrite and one fdatasync.
/// </summary>
/// <remarks>
/// Why it exists next to <see cref="UringWalDevice"/>: the device contract is one synchronous frame at a time, so a
/// ring only adds hops per frame (writer → ring dispatcher → io-wq worker for the flush → dispatcher → writer) while
/// O_DIRECT's real gain — no copy of every WAL byte into the page cache, which profiled at over half the server's
/// CPU under a 1 KiB append load — comes from the open flag alone. Recovery reads go through buffered handles, as in
/// <see cref="UringWalDevice"/>.
/// </remarks>
public sealed class DirectWalDevice : FileWalDevice
{
    private readonly DirectStaging _staging = new();

    /// <param name="directory">The container's WAL directory (on a file system that accepts O_DIRECT).</param>
    /// <param name="fileSize">Size of each log file (a multiple of 4 KiB).</param>
    /// <param name="maxFileCount">Most log files in use at once (spares not counted).</param>
    /// <param name="spareFileCount">Laid-out spare files kept ready for rotation.</param>
    public DirectWalDevice(string directory, long fileSize, int maxFileCount, int spareFileCount = 2)
        : base(directory, fileSize, maxFileCount, spareFileCount, directLayout: true)
    {
    }

    private protected override SafeFileHandle OpenLogFile(string path, bool forWrite) =>
        forWrite ? DirectFile.OpenExisting(path) : base.OpenLogFile(path, forWrite: false);

    private protected override void WriteDurably(SafeFileHandle handle, Span<byte> frame, long offset)
    {
        RandomAccess.Write(handle, _staging.Stage(frame).Span, offset);
        FileSync.DataSync(handle);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            _staging.Dispose();
        }
    }
}
