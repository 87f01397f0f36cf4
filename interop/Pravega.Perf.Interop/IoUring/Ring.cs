using System.Collections.Concurrent;
using System.Diagnostics;
using static Pravega.Perf.Interop.IoUring.IoUringConstants;

namespace Pravega.Perf.Interop.IoUring;

/// <summary>
/// An io_uring instance driven by one dispatcher thread. Any thread may start operations (they are queued and the
/// dispatcher is woken through an eventfd only if it sleeps); the dispatcher fills SQEs, submits and waits in a single
/// io_uring_enter(2), reaps completions and completes the awaiting <see cref="ValueTask{Int32}"/>s, inline by default
/// (<see cref="RingOptions.InlineContinuations"/>). The ring is set up on the dispatcher thread with
/// SINGLE_ISSUER | DEFER_TASKRUN (the kernel binds such a ring to the creating thread), falling back to COOP_TASKRUN
/// and then to no flags where the kernel refuses them. No SQPOLL: on small machines its poller thread competes with ours.
/// </summary>
/// <remarks>
/// Buffers and descriptors are held for the operation's lifetime (memory pinned, <c>SafeHandle</c> ref-counted), so
/// disposing them meanwhile cannot reuse memory or an fd number under an in-flight operation. Dispose cancels what is in
/// flight (ASYNC_CANCEL), fails what is queued with <see cref="ObjectDisposedException"/>, waits for the kernel to post
/// every completion (a running fsync is not cancelable: it finishes), then unmaps the rings.
/// </remarks>
public sealed partial class Ring : IDisposable
{
    private const ulong InternalTag = 1UL << 63;
    private const ulong WakeUserData = InternalTag | 1;
    private const ulong CancelUserData = InternalTag | 2;

    private static readonly RingSetupFlags[] SetupFlagChoices =
    [
        RingSetupFlags.SingleIssuer | RingSetupFlags.DeferTaskRun,
        RingSetupFlags.SingleIssuer | RingSetupFlags.CoopTaskRun,
        RingSetupFlags.CoopTaskRun,
        RingSetupFlags.None,
    ];

    private readonly ConcurrentQueue<RingOperation> _submissions = new();
    private readonly ConcurrentQueue<ulong> _cancellations = new();
    private readonly ConcurrentQueue<(Action<object?, bool> Action, object? State)> _work = new();
    private readonly ConcurrentQueue<RingOperation> _free = new();
    private readonly Queue<RingOperation> _backlog = new();
    private readonly Lock _growLock = new();
    private readonly bool _runContinuationsAsynchronously;
    private readonly Thread _thread;
    private readonly ManualResetEventSlim _started = new();
    private RingOperation[] _operations = [];
    private int _operationCount;
    private RingCore? _core;
    private WakeEvent? _wake;
    private bool[] _opcodes = [];
    private Exception? _startError;
    private int _sleeping;
    private int _stopping;
    private int _closed;
    private int _inFlightCqes;
    private bool _wakeArmed;

    private Ring(RingOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Entries, 2);
        _runContinuationsAsynchronously = !options.InlineContinuations;
        _thread = new Thread(static state => ((Ring)state!).Run())
        {
            IsBackground = true,
            Name = options.ThreadName,
        };
        RequestedEntries = options.Entries;
    }

    /// <summary>The setup flags the kernel accepted.</summary>
    public RingSetupFlags Flags { get; private set; }

    /// <summary>SQ entries granted by the kernel.</summary>
    public int Entries { get; private set; }

    /// <summary>The IORING_FEAT_* bits the kernel reported.</summary>
    public uint Features { get; private set; }

    /// <summary>True when the caller runs on this ring's dispatcher thread (inside an inline continuation).</summary>
    public bool IsDispatcherThread => Environment.CurrentManagedThreadId == _thread.ManagedThreadId;

    private int RequestedEntries { get; }

    /// <summary>Starts a ring and its dispatcher thread.</summary>
    /// <exception cref="RingException">io_uring_setup(2) failed (ENOSYS: no io_uring; EPERM: blocked by seccomp or
    /// <c>kernel.io_uring_disabled</c>).</exception>
    public static Ring Create(RingOptions? options = null)
    {
        var ring = new Ring(options ?? new RingOptions());
        ring._thread.Start(ring);
        ring._started.Wait();
        if (ring._startError is not null)
        {
            ring._started.Dispose();
            throw ring._startError;
        }
        return ring;
    }

    /// <summary>True if the kernel's probe reports <paramref name="opcode"/> as supported.</summary>
    public bool Supports(RingOpcode opcode) => (int)opcode < _opcodes.Length && _opcodes[(int)opcode];

    /// <summary>Stops the ring: see the type's remarks. Waits for the dispatcher unless called on it.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _stopping, 1) != 0)
        {
            return;
        }
        Wake(force: true);
        if (!IsDispatcherThread)
        {
            _thread.Join();
        }
    }

    /// <summary>
    /// Runs <paramref name="action"/> on the dispatcher thread (soon; never inline in the caller) with <c>true</c>; or,
    /// once the ring has shut down, on some other thread with <c>false</c> (so it can release what it holds). This is how
    /// code that owns ring-thread state (a receiver, a connection's input) is reached from other threads. The action
    /// must be quick and never block.
    /// </summary>
    public void Post(Action<object?, bool> action, object? state)
    {
        ArgumentNullException.ThrowIfNull(action);
        _work.Enqueue((action, state));
        Wake(force: false);
        if (Volatile.Read(ref _closed) != 0)
        {
            DrainWorkAfterClose();
        }
    }

    /// <summary>Queues an ASYNC_CANCEL for the operation with <paramref name="userData"/> (any thread).</summary>
    internal void RequestCancel(ulong userData)
    {
        _cancellations.Enqueue(userData);
        Wake(force: false);
    }

    internal RingOperation RentOperation()
    {
        if (_free.TryDequeue(out var operation))
        {
            return operation;
        }
        lock (_growLock)
        {
            var slot = _operationCount;
            operation = new RingOperation(this, slot, _runContinuationsAsynchronously);
            if (slot == _operations.Length)
            {
                var grown = new RingOperation[Math.Max(64, slot * 2)];
                Array.Copy(_operations, grown, slot);
                grown[slot] = operation;
                Volatile.Write(ref _operations, grown);
            }
            else
            {
                _operations[slot] = operation;
            }
            _operationCount = slot + 1;
            return operation;
        }
    }

    internal void ReturnOperation(RingOperation operation) => _free.Enqueue(operation);

    /// <summary>Queues a prepared operation for the dispatcher; fails it if the ring is closed.</summary>
    internal ValueTask<int> Submit(RingOperation operation, CancellationToken cancellationToken)
    {
        var task = operation.AsValueTask();
        // Watch before queueing: once queued, the operation may complete, go back to the pool and be rented again
        // before this thread runs on, and a registration made then would cancel (and clobber) that later use. A cancel
        // that fires before the operation is queued is not lost: the dispatcher marks it and fails it when it comes.
        operation.Watch(cancellationToken);
        Enqueue(operation);
        return task;
    }

    /// <summary>Queues a prepared operation (one-shot or multishot) for the dispatcher.</summary>
    internal void Enqueue(RingOperation operation)
    {
        _submissions.Enqueue(operation);
        if (!IsDispatcherThread)
        {
            Wake(force: false);
        }
        // Closed after we looked: the dispatcher's last drain may have missed us; drain what is left ourselves.
        if (Volatile.Read(ref _closed) != 0)
        {
            FailQueuedAfterClose();
        }
    }

    /// <summary>True once Dispose has begun.</summary>
    internal bool IsStopping => Volatile.Read(ref _stopping) != 0;

    internal void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(Volatile.Read(ref _stopping) != 0, this);

    private void Wake(bool force)
    {
        // Pairs with the dispatcher's Interlocked.Exchange(ref _sleeping, 1) followed by its queue check: a store→load
        // pattern that needs full fences on both sides (the queues' enqueues are interlocked). Only a sleeping
        // dispatcher costs a write(2).
        if (force || (Volatile.Read(ref _sleeping) == 1 && Interlocked.Exchange(ref _sleeping, 0) == 1))
        {
            _wake?.Signal();
        }
    }

    private void Run()
    {
        try
        {
            SetUp((uint)RequestedEntries);
        }
        catch (Exception e)
        {
            _startError = e;
            _core?.Dispose();
            _wake?.Dispose();
            _started.Set();
            return;
        }
        _started.Set();
        try
        {
            Loop();
        }
        finally
        {
            Close();
        }
    }

    private void SetUp(uint entries)
    {
        var error = 0;
        foreach (var flags in SetupFlagChoices)
        {
            error = RingCore.TryCreate(entries, flags, out _core);
            if (error != EInval)
            {
                break;
            }
        }
        if (_core is null)
        {
            throw new RingException("io_uring_setup", error);
        }
        Flags = _core.Flags;
        Entries = (int)_core.SqEntries;
        Features = _core.Features;
        _opcodes = _core.Probe();
        _wake = new WakeEvent();
    }

    private void Loop()
    {
        var core = _core!;
        var shuttingDown = false;
        while (true)
        {
            if (!shuttingDown && Volatile.Read(ref _stopping) != 0)
            {
                shuttingDown = true;
                BeginShutdown();
            }
            RunWork();
            Drain(shuttingDown);
            if (!shuttingDown && !_wakeArmed)
            {
                ArmWake();
            }
            if (shuttingDown && _inFlightCqes == 0)
            {
                return;
            }
            Interlocked.Exchange(ref _sleeping, 1);
            var wait = HasQueuedWork() || (Volatile.Read(ref _stopping) != 0 && !shuttingDown) ? 0u : 1u;
            if (wait == 0)
            {
                Volatile.Write(ref _sleeping, 0);
            }
            var r = core.Enter(wait);
            Volatile.Write(ref _sleeping, 0);
            if (r < 0 && r != -EAgain && r != -EBusy)
            {
                // The ring itself is broken (not one operation): fail everything and stop.
                throw new RingException("io_uring_enter", -r);
            }
            Reap(core);
        }
    }

    private bool HasQueuedWork() =>
        !_submissions.IsEmpty || !_cancellations.IsEmpty || !_work.IsEmpty
        || (_backlog.Count > 0 && _inFlightCqes + _backlog.Peek().SqeCount <= _core!.CqEntries);

    private void RunWork()
    {
        while (_work.TryDequeue(out var item))
        {
            item.Action(item.State, true);
        }
    }

    private void Drain(bool shuttingDown)
    {
        var core = _core!;
        while (_submissions.TryDequeue(out var operation))
        {
            _backlog.Enqueue(operation);
        }
        while (_backlog.Count > 0)
        {
            var operation = _backlog.Peek();
            if (shuttingDown)
            {
                _backlog.Dequeue();
                operation.FailUnsubmitted(new ObjectDisposedException(nameof(Ring), $"{operation.Name}: the ring shut down."));
                continue;
            }
            if (operation.CancelRequested)
            {
                _backlog.Dequeue();
                operation.FailUnsubmitted(operation.CanceledError());
                continue;
            }
            if (_inFlightCqes + operation.SqeCount > core.CqEntries)
            {
                break; // the CQ must never overflow: wait for completions
            }
            if (!EnsureSqes(core, (uint)operation.SqeCount))
            {
                break;
            }
            _backlog.Dequeue();
            PrepareSqes(core, operation);
            operation.InFlight = true;
            _inFlightCqes += operation.SqeCount;
        }
        while (_cancellations.TryDequeue(out var userData))
        {
            if (FindOperation(userData) is not { } target)
            {
                continue;
            }
            if (!target.InFlight)
            {
                target.MarkCanceled(userData); // not submitted yet (or already done: then it is ignored)
                continue;
            }
            if (EnsureSqes(core, 1) && _inFlightCqes < core.CqEntries)
            {
                PrepareCancel(core, userData);
            }
            else
            {
                _cancellations.Enqueue(userData); // next round
                break;
            }
        }
    }

    private RingOperation? FindOperation(ulong userData)
    {
        var operations = Volatile.Read(ref _operations);
        var slot = RingOperation.SlotOf(userData);
        if ((userData & InternalTag) != 0 || slot >= operations.Length || operations[slot] is not { } operation
            || operation.Generation != RingOperation.GenerationOf(userData))
        {
            return null;
        }
        return operation;
    }

    private static bool EnsureSqes(RingCore core, uint count)
    {
        if (core.FreeSqes >= count)
        {
            return true;
        }
        var r = core.Enter(0);
        return (r >= 0 || r == -EAgain || r == -EBusy) && core.FreeSqes >= count;
    }

    private void Reap(RingCore core)
    {
        var operations = Volatile.Read(ref _operations);
        while (core.TryReap(out var cqe))
        {
            if ((cqe.UserData & InternalTag) != 0)
            {
                _inFlightCqes--;
                if (cqe.UserData == WakeUserData)
                {
                    _wakeArmed = false;
                }
                continue;
            }
            var slot = RingOperation.SlotOf(cqe.UserData);
            if (slot >= operations.Length)
            {
                operations = Volatile.Read(ref _operations);
            }
            var operation = operations[slot];
            Debug.Assert(operation.Generation == RingOperation.GenerationOf(cqe.UserData), "a CQE for a finished operation");
            if (operation.IsMultishot)
            {
                // A multishot SQE counts as one CQE in flight until its last one (no F_MORE).
                if ((cqe.Flags & CqeFMore) == 0)
                {
                    _inFlightCqes--;
                }
                operation.OnMultishotCqe(cqe.Res, cqe.Flags);
                continue;
            }
            _inFlightCqes--;
            if (operation.OnCqe(RingOperation.IndexOf(cqe.UserData), cqe.Res))
            {
                operation.Finish();
            }
        }
    }

    private void BeginShutdown()
    {
        var core = _core!;
        var operations = Volatile.Read(ref _operations);
        for (var i = 0; i < Volatile.Read(ref _operationCount); i++)
        {
            var operation = operations[i];
            if (operation is { InFlight: true })
            {
                operation.Abandoned = true;
                if (EnsureSqes(core, 1))
                {
                    PrepareCancel(core, operation.UserData);
                }
            }
        }
        if (_wakeArmed && EnsureSqes(core, 1))
        {
            PrepareCancel(core, WakeUserData);
        }
    }

    private void Close()
    {
        Interlocked.Exchange(ref _closed, 1);
        FailQueuedAfterClose();
        DrainWorkAfterClose();
        var operations = Volatile.Read(ref _operations);
        for (var i = 0; i < Volatile.Read(ref _operationCount); i++)
        {
            // Only if the loop died (io_uring_enter failed): the kernel will never complete these.
            if (operations[i] is { InFlight: true } stranded)
            {
                stranded.FailUnsubmitted(new ObjectDisposedException(nameof(Ring), $"{stranded.Name}: the ring failed."));
            }
        }
        _core?.Dispose();
        _wake?.Dispose();
    }

    private void FailQueuedAfterClose()
    {
        while (_submissions.TryDequeue(out var operation))
        {
            operation.FailUnsubmitted(new ObjectDisposedException(nameof(Ring), $"{operation.Name}: the ring shut down."));
        }
        while (_backlog.Count > 0 && IsDispatcherThread)
        {
            var operation = _backlog.Dequeue();
            operation.FailUnsubmitted(new ObjectDisposedException(nameof(Ring), $"{operation.Name}: the ring shut down."));
        }
    }

    private void DrainWorkAfterClose()
    {
        while (_work.TryDequeue(out var item))
        {
            item.Action(item.State, false);
        }
    }
}
