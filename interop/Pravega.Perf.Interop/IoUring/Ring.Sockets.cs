using System.Runtime.InteropServices;
using static Pravega.Perf.Interop.IoUring.IoUringConstants;

namespace Pravega.Perf.Interop.IoUring;

// Socket operations. Keep at most one send in flight per socket (several could complete out of order); MSG_WAITALL
// makes the kernel finish a short send itself. Never mix System.Net.Sockets async calls with ring operations on one
// socket (synchronous calls such as setsockopt or shutdown are fine).
public sealed partial class Ring
{
    /// <summary>send(2) of the whole buffer (MSG_WAITALL | MSG_NOSIGNAL); fails if the peer is gone.</summary>
    public ValueTask<int> SendAsync(SafeHandle socket, ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (CanceledBeforeStart(cancellationToken))
        {
            return ValueTask.FromCanceled<int>(cancellationToken);
        }
        var fd = AddRef(socket);
        var pin = buffer.Pin();
        var request = TransferRequest(RingOpcode.Send, RingOpcode.Send, fd, MemoryMarshal.AsMemory(buffer), pin, 0);
        request.BufIndex = 0; // SEND has no fixed-buffer form without IORING_RECVSEND_FIXED_BUF
        request.Offset = 0;
        request.OpFlags = MsgWaitAll | MsgNoSignal;
        var operation = RentOperation();
        operation.Prepare("SEND", request, null, socket, pin, (uint)buffer.Length);
        return Submit(operation, cancellationToken);
    }

    /// <summary>accept4(2) on a listening socket (SOCK_CLOEXEC); returns the new connection's descriptor, which the
    /// caller owns.</summary>
    /// <remarks>While pending, the accept holds the kernel's reference on the listening socket's file: if the process
    /// dies, the socket keeps listening (completing handshakes that are then reset) until the kernel has torn the ring
    /// down, after the process was reaped. A server should accept through epoll instead (the transport does).</remarks>
    public ValueTask<int> AcceptAsync(SafeHandle listener, CancellationToken cancellationToken = default)
    {
        if (CanceledBeforeStart(cancellationToken))
        {
            return ValueTask.FromCanceled<int>(cancellationToken);
        }
        var fd = AddRef(listener);
        var operation = RentOperation();
        operation.Prepare("ACCEPT", new RingRequest { Opcode = RingOpcode.Accept, Fd = fd, OpFlags = SockCloExec }, null,
            listener, default, 0);
        return Submit(operation, cancellationToken);
    }

    /// <summary>Arms a multishot RECV with buffer selection from <paramref name="buffers"/> (dispatcher thread).</summary>
    internal ulong ArmMultishotReceive(SafeHandle socket, ProvidedBuffers buffers, IRingMultishotHandler handler)
    {
        var fd = AddRef(socket);
        var operation = RentOperation();
        var request = new RingRequest
        {
            Opcode = RingOpcode.Recv,
            Fd = fd,
            Ioprio = RecvMultishot,
            Flags = SqeBufferSelect,
            BufIndex = buffers.GroupId, // buf_group shares the field
        };
        operation.PrepareMultishot("RECV (multishot)", request, socket, handler);
        var userData = operation.UserData;
        Enqueue(operation);
        return userData;
    }
}
