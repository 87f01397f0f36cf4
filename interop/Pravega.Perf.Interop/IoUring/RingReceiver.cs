using System.Runtime.InteropServices;
using static Pravega.Perf.Interop.IoUring.IoUringConstants;

namespace Pravega.Perf.Interop.IoUring;

/// <summary>
/// Receives from one socket with a multishot RECV (one SQE, one CQE per chunk) into a <see cref="ProvidedBuffers"/>
/// group, handing each chunk to an <see cref="IRingReceiveHandler"/> on the dispatcher thread and recycling its buffer
/// at once. Re-arms itself when the kernel ends the multishot on its own (out of buffers, CQ pressure), pauses and
/// resumes for back-pressure, and stops with a cancel. All state lives on the dispatcher thread; the public methods
/// post to it.
/// </summary>
/// <remarks>The receiver holds a reference on the socket handle while armed, so disposing the socket meanwhile only
/// closes the descriptor once the multishot has ended: call <see cref="Stop"/> and wait for
/// <see cref="IRingReceiveHandler.OnReceiveEnded"/> before relying on the close.</remarks>
public sealed class RingReceiver : IRingMultishotHandler
{
    private readonly Ring _ring;
    private readonly SafeHandle _socket;
    private readonly ProvidedBuffers _buffers;
    private readonly IRingReceiveHandler _handler;
    private ulong _userData;
    private bool _armed;
    private bool _paused;
    private bool _stopRequested;
    private bool _ended;

    private RingReceiver(Ring ring, SafeHandle socket, ProvidedBuffers buffers, IRingReceiveHandler handler)
    {
        _ring = ring;
        _socket = socket;
        _buffers = buffers;
        _handler = handler;
    }

    /// <summary>Starts receiving from <paramref name="socket"/>.</summary>
    public static RingReceiver Start(Ring ring, SafeHandle socket, ProvidedBuffers buffers, IRingReceiveHandler handler)
    {
        ArgumentNullException.ThrowIfNull(ring);
        ArgumentNullException.ThrowIfNull(socket);
        ArgumentNullException.ThrowIfNull(buffers);
        ArgumentNullException.ThrowIfNull(handler);
        var receiver = new RingReceiver(ring, socket, buffers, handler);
        ring.Post(static (state, alive) => ((RingReceiver)state!).OnDispatcher(alive, static r => r.Arm()), receiver);
        return receiver;
    }

    /// <summary>Resumes after <see cref="IRingReceiveHandler.OnReceived"/> returned false (any thread).</summary>
    public void Resume() =>
        _ring.Post(static (state, alive) => ((RingReceiver)state!).OnDispatcher(alive, static r =>
        {
            r._paused = false;
            r.Arm();
        }), this);

    /// <summary>Stops receiving (any thread); <see cref="IRingReceiveHandler.OnReceiveEnded"/> follows with ECANCELED
    /// unless the stream had ended already.</summary>
    public void Stop() =>
        _ring.Post(static (state, alive) => ((RingReceiver)state!).OnDispatcher(alive, static r =>
        {
            r._stopRequested = true;
            if (r._armed)
            {
                r._ring.RequestCancel(r._userData);
            }
            else
            {
                r.End(ECanceled);
            }
        }), this);

    void IRingMultishotHandler.OnCqe(int res, uint flags, bool final)
    {
        if (res > 0 && ProvidedBuffers.HasBuffer(flags, out var id))
        {
            var keepGoing = _handler.OnReceived(_buffers.Data(id, res));
            _buffers.Recycle(id);
            if (!keepGoing && !_paused)
            {
                _paused = true;
                if (!final)
                {
                    _ring.RequestCancel(_userData);
                }
            }
        }
        if (!final)
        {
            return;
        }
        _armed = false;
        if (res == 0)
        {
            End(0);
        }
        else if (res == -ENoBufs || res > 0)
        {
            // The kernel ended the multishot on its own (all buffers were in use, or CQ pressure): carry on.
            if (_stopRequested || _ring.IsStopping)
            {
                End(ECanceled);
            }
            else
            {
                Arm();
            }
        }
        else if (res == -ECanceled && !_stopRequested && !_ring.IsStopping)
        {
            // Our own pause (only Stop and a pause cancel): wait for Resume, or, if Resume came while the cancel was
            // on its way, arm again (Arm does nothing while paused).
            Arm();
        }
        else
        {
            End(-res);
        }
    }

    void IRingMultishotHandler.OnUnsubmitted(Exception error)
    {
        _armed = false;
        End(ECanceled);
    }

    private void OnDispatcher(bool ringAlive, Action<RingReceiver> action)
    {
        if (ringAlive)
        {
            action(this);
        }
        else
        {
            End(ECanceled);
        }
    }

    private void Arm()
    {
        if (_ended || _armed || _paused)
        {
            return;
        }
        if (_stopRequested)
        {
            End(ECanceled);
            return;
        }
        try
        {
            _userData = _ring.ArmMultishotReceive(_socket, _buffers, this);
            _armed = true;
        }
        catch (ObjectDisposedException)
        {
            End(ECanceled); // the socket (or the ring) was disposed
        }
    }

    private void End(int errno)
    {
        if (_ended)
        {
            return;
        }
        _ended = true;
        _handler.OnReceiveEnded(errno);
    }
}
