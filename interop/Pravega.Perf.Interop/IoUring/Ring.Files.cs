using System.Buffers;
using System.Runtime.InteropServices;
using static Pravega.Perf.Interop.IoUring.IoUringConstants;

namespace Pravega.Perf.Interop.IoUring;

// File (and generic descriptor) operations. Results are the kernel's: bytes transferred, or 0; failures throw
// RingException with the errno, OperationCanceledException when the token fired, ObjectDisposedException at shutdown.
public sealed partial class Ring
{
    /// <summary>IORING_OP_NOP: a round trip through the ring.</summary>
    public ValueTask<int> NopAsync(CancellationToken cancellationToken = default)
    {
        if (CanceledBeforeStart(cancellationToken))
        {
            return ValueTask.FromCanceled<int>(cancellationToken);
        }
        var operation = RentOperation();
        operation.Prepare("NOP", new RingRequest { Opcode = RingOpcode.Nop, Fd = -1 }, null, null, default, 0);
        return Submit(operation, cancellationToken);
    }

    /// <summary>pread(2) through the ring. With <paramref name="offset"/> = -1, reads at the file position (pipes,
    /// sockets). Returns the bytes read (0 at end of file).</summary>
    public ValueTask<int> ReadAsync(SafeHandle handle, Memory<byte> buffer, long offset, CancellationToken cancellationToken = default)
    {
        if (CanceledBeforeStart(cancellationToken))
        {
            return ValueTask.FromCanceled<int>(cancellationToken);
        }
        var fd = AddRef(handle);
        var pin = buffer.Pin();
        var request = TransferRequest(RingOpcode.Read, RingOpcode.ReadFixed, fd, buffer, pin, offset);
        var operation = RentOperation();
        operation.Prepare("READ", request, null, handle, pin, 0);
        return Submit(operation, cancellationToken);
    }

    /// <summary>pwrite(2) through the ring; a buffer inside a registered <see cref="Memory.AlignedBuffer"/> goes as
    /// WRITE_FIXED. Returns the bytes written (which may be fewer than asked).</summary>
    public ValueTask<int> WriteAsync(SafeHandle handle, ReadOnlyMemory<byte> buffer, long offset,
        CancellationToken cancellationToken = default)
    {
        if (CanceledBeforeStart(cancellationToken))
        {
            return ValueTask.FromCanceled<int>(cancellationToken);
        }
        var fd = AddRef(handle);
        var pin = buffer.Pin();
        var request = TransferRequest(RingOpcode.Write, RingOpcode.WriteFixed, fd, MemoryMarshal.AsMemory(buffer), pin, offset);
        var operation = RentOperation();
        operation.Prepare("WRITE", request, null, handle, pin, 0);
        return Submit(operation, cancellationToken);
    }

    /// <summary>fsync(2), or fdatasync(2) when <paramref name="dataOnly"/>, through the ring (runs on a kernel worker).</summary>
    public ValueTask<int> FsyncAsync(SafeHandle handle, bool dataOnly = true, CancellationToken cancellationToken = default)
    {
        if (CanceledBeforeStart(cancellationToken))
        {
            return ValueTask.FromCanceled<int>(cancellationToken);
        }
        var fd = AddRef(handle);
        var operation = RentOperation();
        operation.Prepare("FSYNC", SyncRequest(fd, dataOnly), null, handle, default, 0);
        return Submit(operation, cancellationToken);
    }

    /// <summary>
    /// A durable write in one submission: WRITE linked (IOSQE_IO_LINK) to FSYNC(DATASYNC). The whole buffer must be
    /// written: a short or failed write cancels the sync and fails the operation. Returns the bytes written once both
    /// are done, i.e. once the data is on stable storage.
    /// </summary>
    public ValueTask<int> WriteAndSyncAsync(SafeHandle handle, ReadOnlyMemory<byte> buffer, long offset,
        CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfZero(buffer.Length);
        if (CanceledBeforeStart(cancellationToken))
        {
            return ValueTask.FromCanceled<int>(cancellationToken);
        }
        var fd = AddRef(handle);
        var pin = buffer.Pin();
        var write = TransferRequest(RingOpcode.Write, RingOpcode.WriteFixed, fd, MemoryMarshal.AsMemory(buffer), pin, offset);
        var operation = RentOperation();
        operation.Prepare("WRITE+FDATASYNC", write, SyncRequest(fd, dataOnly: true), handle, pin, (uint)buffer.Length);
        return Submit(operation, cancellationToken);
    }

    private bool CanceledBeforeStart(CancellationToken cancellationToken)
    {
        ThrowIfDisposed();
        return cancellationToken.IsCancellationRequested;
    }

    private static int AddRef(SafeHandle handle)
    {
        ArgumentNullException.ThrowIfNull(handle);
        var added = false;
        handle.DangerousAddRef(ref added); // throws ObjectDisposedException if it is closed
        return (int)handle.DangerousGetHandle();
    }

    private static RingRequest SyncRequest(int fd, bool dataOnly) =>
        new() { Opcode = RingOpcode.Fsync, Fd = fd, OpFlags = dataOnly ? FsyncDataSync : 0 };

    private unsafe RingRequest TransferRequest(RingOpcode plain, RingOpcode fixedOpcode, int fd, Memory<byte> buffer,
        in MemoryHandle pin, long offset)
    {
        var request = new RingRequest
        {
            Opcode = plain,
            Fd = fd,
            Address = (ulong)pin.Pointer,
            Length = (uint)buffer.Length,
            Offset = (ulong)offset,
        };
        if (RegisteredIndex(buffer) is { } index)
        {
            request.Opcode = fixedOpcode;
            request.BufIndex = (ushort)index;
        }
        return request;
    }
}
