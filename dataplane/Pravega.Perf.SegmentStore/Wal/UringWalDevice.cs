using Microsoft.Win32.SafeHandles;
using Pravega.Perf.Interop.Files;
using Pravega.Perf.Interop.IoUring;

namespace Pravega.Perf.SegmentStore.Wal;

/// <summary>
/// The io_uring WAL (Linux): the same directory of laid-out, reused log files as <see cref="FileWalDevice"/> (same
/// frame format, rotation, spares, truncation, fencing; either device recovers the other's log), but the log files
/// are opened with O_DIRECT and each frame is one linked WRITE → FSYNC(DATASYNC) submission on a <see cref="Ring"/>.
/// </summary>
/// <remarks>
/// <para>O_DIRECT needs 4 KiB-aligned memory, offsets and lengths: a frame is copied into an aligned staging buffer and
/// padded with zeros to the next 4 KiB (frames already start on 4 KiB boundaries, and recovery ignores what follows a
/// frame's length). That copy is the price of keeping <see cref="IWalDevice.Write"/>'s span contract; it is small next
/// to the flush.</para>
/// <para>One frame at a time: <see cref="IWalDevice.Write"/> is synchronous and returns only once the frame is durable,
/// and the container calls it from one writer thread (group commit happens above the device). So there is never more
/// than one frame of this device in flight; several devices (containers) sharing one ring do keep their frames in
/// flight together. The writer thread blocks on an event that the ring's dispatcher sets inline on completion.</para>
/// <para>Recovery reads go through ordinary buffered handles (O_DIRECT reads would need aligned buffers and offsets);
/// the O_DIRECT writes invalidate any cached pages they cover, so reads after writes see the new bytes.</para>
/// </remarks>
public sealed class UringWalDevice : FileWalDevice
{
    private readonly Ring _ring;
    private readonly bool _ownsRing;
    private readonly ManualResetEventSlim _completed = new(false);
    private readonly Action _signal;
    private readonly DirectStaging _staging = new();

    /// <param name="directory">The container's WAL directory (on a file system that accepts O_DIRECT).</param>
    /// <param name="fileSize">Size of each log file (a multiple of 4 KiB).</param>
    /// <param name="maxFileCount">Most log files in use at once (spares not counted).</param>
    /// <param name="spareFileCount">Laid-out spare files kept ready for rotation.</param>
    /// <param name="ring">The ring to submit on; null = a ring of the device's own.</param>
    public UringWalDevice(string directory, long fileSize, int maxFileCount, int spareFileCount = 2, Ring? ring = null)
        : base(directory, fileSize, maxFileCount, spareFileCount)
    {
        _ownsRing = ring is null;
        _ring = ring ?? Ring.Create(new RingOptions { Entries = 8, ThreadName = "wal-io_uring" });
        _signal = _completed.Set;
    }

    private protected override SafeFileHandle OpenLogFile(string path, bool forWrite) =>
        forWrite ? DirectFile.OpenExisting(path) : base.OpenLogFile(path, forWrite: false);

    private protected override void WriteDurably(SafeFileHandle handle, Span<byte> frame, long offset) =>
        Wait(_ring.WriteAndSyncAsync(handle, _staging.Stage(frame), offset));

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            if (_ownsRing)
            {
                _ring.Dispose();
            }
            _staging.Dispose();
            _completed.Dispose();
        }
    }

    /// <summary>Blocks the writer thread until the ring completes the operation; a failure surfaces as the
    /// <see cref="RingException"/> (an <see cref="IOException"/>) the contract asks for.</summary>
    private void Wait(ValueTask<int> operation)
    {
        if (!operation.IsCompleted)
        {
            _completed.Reset();
            // The dispatcher runs this inline on completion: no allocation, no thread-pool hop.
            operation.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(_signal);
            _completed.Wait();
        }
        operation.GetAwaiter().GetResult();
    }
}
