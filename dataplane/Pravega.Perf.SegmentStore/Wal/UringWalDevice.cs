using Microsoft.Win32.SafeHandles;
using Pravega.Perf.Interop.Files;
using Pravega.Perf.Interop.IoUring;

namespace Pravega.Perf.SegmentStore.Wal;

/// <summary>
/// The io_uring WAL (Linux): the same directory of laid-out, reused log files as <see cref="FileWalDevice"/> (same
/// frame format, rotation, spares, truncation, fencing; either device recovers the other's log), but the log files
/// are opened with O_DIRECT and each frame is one linked WRITE → FSYNC(DATASYNC) submission on a <see cref="Ring"/>,
/// with up to <see cref="MaxWritesInFlight"/> frames in flight (<see cref="IWalPipeline"/>).
/// </summary>
/// <remarks>
/// <para>O_DIRECT needs 4 KiB-aligned memory, offsets and lengths: a frame is copied into an aligned staging buffer
/// (one per write in flight) and padded with zeros to the next 4 KiB (frames already start on 4 KiB boundaries, and
/// recovery ignores what follows a frame's length). The copy also frees the caller's frame buffer at once.</para>
/// <para>Frames in flight complete in any order (each has its own flush, and the kernel runs flushes on io-wq workers
/// in parallel); they are collected in the order they began, and a failed one fails everything after it
/// (<see cref="IWalPipeline"/>). Before the next frame is written, the failed frames' first blocks are zeroed so
/// none of them, nor one that landed after a failed one, can be replayed. The ring's dispatcher marks a write
/// finished inline on completion and calls <see cref="WriteFinished"/>; no thread-pool hop.</para>
/// <para>Recovery reads go through ordinary buffered handles (O_DIRECT reads would need aligned buffers and offsets);
/// the O_DIRECT writes invalidate any cached pages they cover, so reads after writes see the new bytes.</para>
/// </remarks>
public sealed class UringWalDevice : FileWalDevice, IWalPipeline
{
    private readonly Ring _ring;
    private readonly bool _ownsRing;
    private readonly InFlightWrite[] _slots;
    private readonly List<long> _abandoned = [];
    private int _oldest;
    private int _count;
    private Exception? _failure;

    /// <param name="directory">The container's WAL directory (on a file system that accepts O_DIRECT).</param>
    /// <param name="fileSize">Size of each log file (a multiple of 4 KiB).</param>
    /// <param name="maxFileCount">Most log files in use at once (spares not counted).</param>
    /// <param name="spareFileCount">Laid-out spare files kept ready for rotation.</param>
    /// <param name="ring">The ring to submit on; null = a ring of the device's own.</param>
    /// <param name="maxWritesInFlight">Most frames in flight at once (1: one at a time).</param>
    public UringWalDevice(string directory, long fileSize, int maxFileCount, int spareFileCount = 2, Ring? ring = null,
        int maxWritesInFlight = 1)
        : base(directory, fileSize, maxFileCount, spareFileCount, directLayout: true)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxWritesInFlight, 1);
        _ownsRing = ring is null;
        _ring = ring ?? Ring.Create(new RingOptions { Entries = Math.Max(8, 2 * maxWritesInFlight), ThreadName = "wal-io_uring" });
        _slots = new InFlightWrite[maxWritesInFlight];
        for (var i = 0; i < _slots.Length; i++)
        {
            _slots[i] = new InFlightWrite(this);
        }
    }

    public int MaxWritesInFlight => _slots.Length;

    public int WritesInFlight => _count;

    public Action? WriteFinished { get; set; }

    public bool IsOldestWriteDone => _count > 0 && _slots[_oldest].IsFinished;

    /// <summary>
    /// Fault injection for tests, asked once per write as it begins: a write whose address this returns true for still
    /// goes to the disk, and is then reported failed, as an fdatasync error after the bytes landed would be — the case
    /// that makes a durable later frame dangerous. Null (always, outside tests): no fault.
    /// </summary>
    public Predicate<long>? FailWriteAt { get; set; }

    public long BeginWrite(Span<byte> frame, long firstSequence, long lastSequence)
    {
        if (_count == _slots.Length)
        {
            throw new InvalidOperationException($"{_count} WAL writes are in flight already; collect one first.");
        }
        if (_failure is not null)
        {
            throw new InvalidOperationException("A WAL write failed; collect every write in flight first.");
        }
        if (_abandoned.Count > 0)
        {
            Abandon(_abandoned);
            _abandoned.Clear();
        }
        var address = PlaceFrame(frame.Length);
        if (_count > 0 && address / FileSize != _slots[_oldest].Address / FileSize)
        {
            // Never two files in flight at once: recovery, finding no valid frame at some address, looks at the next
            // file's start, and would skip a failed frame there to replay a later one. For the same reason the next
            // file gets nothing while a write of this one has failed: the frame fails to begin instead.
            WaitForWritesInFlight();
            for (var i = 0; i < _count; i++)
            {
                var earlier = _slots[(_oldest + i) % _slots.Length];
                if (earlier.Failed)
                {
                    throw new IOException($"The WAL write at {earlier.Address} failed; nothing goes to the next log file.");
                }
            }
        }
        var handle = PrepareFrame(frame, address, firstSequence, lastSequence);
        var slot = _slots[(_oldest + _count) % _slots.Length];
        slot.Start(_ring.WriteAndSyncAsync(handle, slot.Staging.Stage(frame), address % FileSize), address,
            FailWriteAt?.Invoke(address) == true);
        _count++;
        AdvancePast(address, frame.Length);
        return address;
    }

    public void EndOldestWrite()
    {
        if (_count == 0)
        {
            throw new InvalidOperationException("No WAL write is in flight.");
        }
        var slot = _slots[_oldest];
        _oldest = (_oldest + 1) % _slots.Length;
        _count--;
        var error = slot.Collect();
        if (error is null && _failure is null)
        {
            return;
        }
        _abandoned.Add(slot.Address);
        var first = _failure ??= error!;
        if (_count == 0)
        {
            _failure = null; // every write of the failed run is collected: the next BeginWrite abandons them
        }
        throw ReferenceEquals(error, first)
            ? error as IOException ?? new IOException(error!.Message, error)
            : new IOException($"An earlier WAL write failed: {first.Message}", first);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            // Writes still in flight reference the staging buffers; let them finish before they are freed.
            WaitForWritesInFlight();
        }
        base.Dispose(disposing);
        if (disposing)
        {
            if (_ownsRing)
            {
                _ring.Dispose();
            }
            foreach (var slot in _slots)
            {
                slot.Dispose();
            }
        }
    }

    private protected override SafeFileHandle OpenLogFile(string path, bool forWrite) =>
        forWrite ? DirectFile.OpenExisting(path) : base.OpenLogFile(path, forWrite: false);

    /// <summary>The synchronous write (<see cref="IWalDevice.Write"/>, and zeroing abandoned frames): one frame, nothing
    /// else in flight, the calling thread blocked until the ring completes it.</summary>
    private protected override void WriteDurably(SafeFileHandle handle, Span<byte> frame, long offset)
    {
        if (_count > 0)
        {
            throw new InvalidOperationException("Write cannot run while pipelined WAL writes are in flight.");
        }
        var slot = _slots[_oldest];
        slot.Start(_ring.WriteAndSyncAsync(handle, slot.Staging.Stage(frame), offset), offset, faulted: false);
        if (slot.Collect() is { } error)
        {
            throw error as IOException ?? new IOException(error.Message, error);
        }
    }

    /// <summary>Waits until every write in flight has finished, without collecting any.</summary>
    private void WaitForWritesInFlight()
    {
        for (var i = 0; i < _count; i++)
        {
            _slots[(_oldest + i) % _slots.Length].WaitFinished();
        }
    }

    private void OnFinished() => WriteFinished?.Invoke();

    /// <summary>One write in flight: its staging buffer, its ring operation and whether it has finished.</summary>
    private sealed class InFlightWrite : IDisposable
    {
        private readonly UringWalDevice _device;
        private readonly ManualResetEventSlim _finished = new(false);
        private readonly Action _onCompleted;
        private ValueTask<int> _operation;
        private volatile bool _isFinished;
        private bool _faulted;

        public InFlightWrite(UringWalDevice device)
        {
            _device = device;
            _onCompleted = OnCompleted;
        }

        public DirectStaging Staging { get; } = new();

        public long Address { get; private set; }

        public bool IsFinished => _isFinished;

        public void Start(ValueTask<int> operation, long address, bool faulted)
        {
            Address = address;
            _faulted = faulted;
            _isFinished = false;
            _finished.Reset();
            _operation = operation;
            if (operation.IsCompleted)
            {
                _isFinished = true;
                _finished.Set();
            }
            else
            {
                // The dispatcher runs this inline on completion: no allocation, no thread-pool hop.
                operation.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(_onCompleted);
            }
        }

        public void WaitFinished()
        {
            if (!_isFinished)
            {
                _finished.Wait();
            }
        }

        /// <summary>True if the finished write failed (or the test fault fails it); looked at without collecting.</summary>
        public bool Failed => _faulted || !_operation.IsCompletedSuccessfully;

        /// <summary>Waits for the write and returns its error (null: durable). Once per <see cref="Start"/>.</summary>
        public Exception? Collect()
        {
            WaitFinished();
            var operation = _operation;
            _operation = default;
            try
            {
                operation.GetAwaiter().GetResult();
            }
            catch (Exception e)
            {
                return e;
            }
            return _faulted ? new IOException($"Injected failure of the WAL write at {Address} (its bytes landed).") : null;
        }

        public void Dispose()
        {
            Staging.Dispose();
            _finished.Dispose();
        }

        private void OnCompleted()
        {
            _isFinished = true;
            _finished.Set();
            _device.OnFinished();
        }
    }
}
