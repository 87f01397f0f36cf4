using System.Buffers;
using System.Runtime.InteropServices;
using System.Threading.Tasks.Sources;
using static Pravega.Perf.Interop.IoUring.IoUringConstants;

namespace Pravega.Perf.Interop.IoUring;

/// <summary>
/// One pooled operation of a <see cref="Ring"/>: one SQE, or a linked pair (write → fdatasync), awaited as a
/// <see cref="ValueTask{Int32}"/>. The object is reused; its <see cref="UserData"/> carries a generation so a
/// cancellation aimed at an earlier use never hits a later one. Only the submitting thread (before it queues the
/// operation) and then the dispatcher thread touch its fields; completion is published through
/// <see cref="ManualResetValueTaskSourceCore{TResult}"/>.
/// </summary>
internal sealed class RingOperation : IValueTaskSource<int>
{
    private const int GenerationShift = 32;
    private const int IndexShift = 56;
    private const uint GenerationMask = 0xFF_FFFF;

    private readonly Ring _ring;
    private ManualResetValueTaskSourceCore<int> _core;
    private RingRequest _first;
    private RingRequest _second;
    private int _results0;
    private int _results1;
    private int _pendingCqes;
    private uint _generation;
    private MemoryHandle _pin;
    private SafeHandle? _handle;
    private CancellationToken _token;
    private CancellationTokenRegistration _registration;
    private uint _fullLength;
    private IRingMultishotHandler? _multishot;
    // The generation a cancel was aimed at before it reached the kernel (never a real one at first: they have 24 bits).
    // Kept per generation, not as a flag that Prepare clears: a late cancel of the previous use, marked by the
    // dispatcher while another thread prepares the next use, must not cancel that next use.
    private uint _canceledGeneration = uint.MaxValue;

    public RingOperation(Ring ring, int slot, bool runContinuationsAsynchronously)
    {
        _ring = ring;
        Slot = slot;
        _core.RunContinuationsAsynchronously = runContinuationsAsynchronously;
    }

    public int Slot { get; }

    /// <summary>slot | generation &lt;&lt; 32; the SQE index within the operation goes in bits 56..62.</summary>
    public ulong UserData => (uint)Slot | ((ulong)_generation << GenerationShift);

    public int SqeCount { get; private set; }

    /// <summary>True between submission to the kernel and the last CQE (dispatcher thread only).</summary>
    public bool InFlight { get; set; }

    /// <summary>A cancel arrived for the current use while it still waited in the ring's backlog (dispatcher thread).</summary>
    public bool CancelRequested => _canceledGeneration == _generation;

    /// <summary>Set when the ring shuts down with this operation in flight: it fails as disposed, not as canceled.</summary>
    public bool Abandoned { get; set; }

    public string Name { get; private set; } = "";

    /// <summary>A multishot SQE: every CQE goes to a handler; the object is done at the CQE without IORING_CQE_F_MORE.</summary>
    public bool IsMultishot => _multishot is not null;

    public static int SlotOf(ulong userData) => (int)(uint)userData;

    public static uint GenerationOf(ulong userData) => (uint)(userData >> GenerationShift) & GenerationMask;

    public static int IndexOf(ulong userData) => (int)(userData >> IndexShift) & 0x7F;

    public uint Generation => _generation;

    /// <summary>Starts a new use: one SQE (<c>second</c> null) or a linked pair. <c>handle</c> (already AddRef'd) and
    /// <c>pin</c> are released at completion. A non-zero <c>fullLength</c> means the first SQE must transfer exactly that
    /// many bytes (a short write breaks the chain and fails the operation).</summary>
    public void Prepare(string name, in RingRequest first, in RingRequest? second, SafeHandle? handle, MemoryHandle pin,
        uint fullLength)
    {
        _generation = (_generation + 1) & GenerationMask;
        _core.Reset();
        Name = name;
        _first = first;
        SqeCount = second.HasValue ? 2 : 1;
        if (second.HasValue)
        {
            _first.Flags |= SqeIoLink;
            _second = second.Value;
        }
        _pendingCqes = SqeCount;
        _results0 = _results1 = 0;
        _handle = handle;
        _pin = pin;
        _fullLength = fullLength;
        Abandoned = false;
        InFlight = false;
        _token = default;
        _multishot = null;
    }

    /// <summary>Starts a multishot use: one SQE whose CQEs all go to <paramref name="handler"/> on the dispatcher.</summary>
    public void PrepareMultishot(string name, in RingRequest request, SafeHandle handle, IRingMultishotHandler handler)
    {
        Prepare(name, request, null, handle, default, 0);
        _multishot = handler;
    }

    /// <summary>A CQE of a multishot use; the last one (no F_MORE) releases the descriptor and returns the object to
    /// the pool before the handler hears of it, so the handler may arm a new one at once.</summary>
    public void OnMultishotCqe(int res, uint flags)
    {
        var handler = _multishot!;
        var final = (flags & CqeFMore) == 0;
        if (final)
        {
            InFlight = false;
            Release();
            _multishot = null;
            _ring.ReturnOperation(this);
        }
        handler.OnCqe(res, flags, final);
    }

    /// <summary>Marks the use <paramref name="userData"/> names as canceled before it reached the kernel (dispatcher
    /// thread): the dispatcher fails it when it takes it from the backlog; a later use is not affected.</summary>
    public void MarkCanceled(ulong userData) => _canceledGeneration = GenerationOf(userData);

    /// <summary>Hooks up cancellation, before the operation is queued (a cancel that finds it not yet in flight marks it,
    /// and the dispatcher fails it unsubmitted).</summary>
    public void Watch(CancellationToken token)
    {
        if (!token.CanBeCanceled)
        {
            return;
        }
        _token = token;
        // The callback reads UserData while this use is current: Release disposes the registration (waiting for a
        // running callback) before the object can be reused.
        _registration = token.UnsafeRegister(static (state, _) =>
        {
            var operation = (RingOperation)state!;
            operation._ring.RequestCancel(operation.UserData);
        }, this);
    }

    public ValueTask<int> AsValueTask() => new(this, _core.Version);

    public ref readonly RingRequest Request(int index) => ref index == 0 ? ref _first : ref _second;

    /// <summary>A CQE for this operation arrived; returns true when it was the last one.</summary>
    public bool OnCqe(int index, int res)
    {
        if (index == 0)
        {
            _results0 = res;
        }
        else
        {
            _results1 = res;
        }
        return --_pendingCqes == 0;
    }

    /// <summary>Releases what the kernel held and publishes the result (continuations may run here, inline).</summary>
    public void Finish()
    {
        InFlight = false;
        Release();
        if (_results0 < 0)
        {
            Fail(ErrorFor(-_results0));
        }
        else if (_fullLength != 0 && (uint)_results0 < _fullLength)
        {
            Fail(new RingException($"{Name} (short transfer: {_results0} of {_fullLength} bytes)", EIo));
        }
        else if (SqeCount == 2 && _results1 < 0)
        {
            Fail(ErrorFor(-_results1));
        }
        else
        {
            _core.SetResult(_results0);
        }
    }

    /// <summary>Fails the operation without it having reached the kernel (or after the ring gave up on it).</summary>
    public void FailUnsubmitted(Exception error)
    {
        InFlight = false;
        Release();
        if (_multishot is { } handler)
        {
            _multishot = null;
            _ring.ReturnOperation(this);
            handler.OnUnsubmitted(error);
            return;
        }
        Fail(error);
    }

    public int GetResult(short token)
    {
        try
        {
            return _core.GetResult(token);
        }
        finally
        {
            _ring.ReturnOperation(this);
        }
    }

    public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

    public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);

    public Exception CanceledError() => ErrorFor(ECanceled);

    private Exception ErrorFor(int errno)
    {
        if (Abandoned)
        {
            return new ObjectDisposedException(nameof(Ring), $"{Name} was canceled: the ring shut down.");
        }
        if (errno == ECanceled && _token.IsCancellationRequested)
        {
            return new OperationCanceledException(_token);
        }
        return new RingException(Name, errno);
    }

    private void Fail(Exception error) => _core.SetException(error);

    private void Release()
    {
        // Disposing waits for a callback running on another thread (it only queues a cancel), so once this returns no
        // stale callback can touch the next use of this object.
        _registration.Dispose();
        _registration = default;
        _pin.Dispose();
        _pin = default;
        if (_handle is not null)
        {
            _handle.DangerousRelease();
            _handle = null;
        }
    }
}
