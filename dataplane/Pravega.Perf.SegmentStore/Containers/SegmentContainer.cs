using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Pravega.Perf.SegmentStore.Cache;
using Pravega.Perf.SegmentStore.Contracts.Exceptions;
using Pravega.Perf.SegmentStore.Metadata;
using Pravega.Perf.SegmentStore.Storage;
using Pravega.Perf.SegmentStore.Wal;

namespace Pravega.Perf.SegmentStore.Containers;

/// <summary>
/// One segment container: the single owner of its segments' metadata and the single writer of its WAL.
/// </summary>
/// <remarks>
/// Threads of control:
/// <list type="bullet">
/// <item>Callers validate and serialise their operation under <c>_lock</c> (short: lookups, a compare-and-set, two
/// memcpys): the operation is checked against the pending state, given the next sequence number, copied into the
/// open frame (and its bytes into the cache, past the committed length) and the pending state moves on. No thread
/// hop; the caller gets a pooled ValueTask.</item>
/// <item>The writer thread takes frames in order (a full one, else the open one: group commit, whatever arrived
/// while the earlier writes were in flight) and writes each with one device write + fdatasync; a device with a
/// pipeline (<see cref="IWalPipeline"/>) keeps several in flight, collected in order.</item>
/// <item>The commit thread, in the same order, applies each durable frame to the committed state (under
/// <c>_committedLock</c>, which readers take), completes the callers and wakes tail reads, while the writer is
/// already writing the next frame.</item>
/// <item>The storage writer thread (when Tier-2 is on) applies committed operations to Tier-2 in WAL order and flushes
/// each segment's unflushed bytes from the cache, then lets the WAL be truncated past what Tier-2 holds.</item>
/// </list>
/// A failed write fails its frame and every frame after it (all validated against state that will never be
/// durable), resets pending to committed and reuses the sequence numbers: the device guarantees the failed frame
/// does not count, and the next write goes to its address.
/// </remarks>
internal sealed partial class SegmentContainer : IDisposable
{
    /// <summary>Largest read answered at once (Pravega's <c>MAX_READ_SIZE</c>).</summary>
    public const int MaxReadLength = 2 << 20;

    private readonly object _lock = new();
    private readonly object _committedLock = new();
    private readonly object _writtenLock = new();
    private readonly SegmentStoreOptions _options;
    private readonly IWalDevice _device;
    private readonly IWalPipeline _pipeline;
    private readonly BlockCache _cache;
    private readonly OperationPool _operationPool;
    private readonly Dictionary<string, SegmentMetadata> _pendingByName = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SegmentMetadata> _committedByName = new(StringComparer.Ordinal);
    private readonly MergeTombstones _pendingMerged = new();
    private readonly MergeTombstones _committedMerged = new();
    private readonly Queue<Frame> _sealed = new();
    private readonly Stack<Frame> _framePool = new();
    private readonly Queue<Frame> _written = new();
    private readonly ManualResetEventSlim _rollbackDone = new(false);
    private readonly List<(List<TailRead> Reads, TailReadOutcome Outcome)> _wakeScratch = [];
    private readonly int _frameCapacity;
    private Frame _open;
    private long _nextSegmentId = 1;
    private long _nextSequence = 1;
    private long _committedSequence;
    private WriterWait _writerWait;
    private bool _stopping;
    private bool _writerDone;
    private bool _stopped;
    private bool _checkpointDue;
    private Thread? _writer;
    private Thread? _committer;

    /// <param name="id">The container id.</param>
    /// <param name="options">The store's options.</param>
    /// <param name="device">The container's WAL.</param>
    /// <param name="cache">The store's cache.</param>
    /// <param name="storageFactory">Opens the container's Tier-2 for an epoch; null = no Tier-2.</param>
    public SegmentContainer(int id, SegmentStoreOptions options, IWalDevice device, BlockCache cache,
        Func<long, IChunkedSegmentStorage>? storageFactory = null)
    {
        Id = id;
        _options = options;
        _device = device;
        _pipeline = SynchronousWalPipeline.For(device);
        _pipeline.WriteFinished = OnWriteFinished;
        _cache = cache;
        _storageFactory = storageFactory;
        _logger = (ILogger?)options.LoggerFactory?.CreateLogger("Pravega.Perf.SegmentStore.StorageWriter") ?? NullLogger.Instance;
        _operationPool = new OperationPool(options.InlineCompletions);
        _frameCapacity = Math.Min(options.MaxFrameSize, device.MaxFrameLength);
        _open = new Frame(_frameCapacity, oversized: false);
    }

    public int Id { get; }

    /// <summary>The epoch this container opened its log with.</summary>
    public long Epoch { get; private set; }

    /// <summary>Sequence number of the last durable operation.</summary>
    public long CommittedSequence
    {
        get
        {
            lock (_committedLock)
            {
                return _committedSequence;
            }
        }
    }

    /// <summary>
    /// Opens and fences the log, opens and repairs Tier-2 with the new epoch, replays the log, reconciles every segment
    /// with what Tier-2 holds, then starts the writer, commit and storage writer threads.
    /// </summary>
    public void Start()
    {
        Epoch = _device.Open();
        OpenStorage();
        Recover();
        ReconcileWithStorage();
        _writer = new Thread(WriterLoop) { IsBackground = true, Name = $"wal-writer-{Id}" };
        _committer = new Thread(CommitLoop) { IsBackground = true, Name = $"wal-commit-{Id}" };
        _writer.Start();
        _committer.Start();
        StartStorageWriter();
    }

    /// <summary>
    /// Stops accepting operations, lets the writer finish every frame already accepted (so every pending caller is
    /// completed: acknowledged or failed), ends tail reads with "shutdown", and releases the log and the cache.
    /// </summary>
    public void Dispose()
    {
        lock (_lock)
        {
            if (_stopping)
            {
                return;
            }
            _stopping = true;
            Monitor.PulseAll(_lock);
        }
        StopStorageWriter();
        _writer?.Join();
        _committer?.Join();
        lock (_committedLock)
        {
            _stopped = true;
            foreach (var segment in _committedByName.Values)
            {
                CollectTailReads(segment, TailReadOutcome.Shutdown);
            }
        }
        WakeCollected();
        lock (_lock)
        {
            foreach (var segment in _pendingByName.Values.Concat(_committedByName.Values).Distinct())
            {
                segment.ReadIndex.Free();
            }
        }
        _device.Dispose();
        _rollbackDone.Dispose();
        CloseStorage();
    }

    private void ThrowIfStopping(string segmentName)
    {
        if (_stopping)
        {
            throw new SegmentStoreShutdownException(segmentName);
        }
    }

    /// <summary>The pending segment by name, or throws; under <c>_lock</c>.</summary>
    private SegmentMetadata PendingSegment(string segmentName) =>
        _pendingByName.TryGetValue(segmentName, out var segment)
            ? segment
            : throw new StreamSegmentNotExistsException(segmentName);

    /// <summary>The committed segment by name, or throws; under <c>_committedLock</c>.</summary>
    private SegmentMetadata CommittedSegment(string segmentName) =>
        _committedByName.TryGetValue(segmentName, out var segment)
            ? segment
            : throw new StreamSegmentNotExistsException(segmentName);

    /// <summary>Returns the open frame with room for <paramref name="size"/> bytes, sealing the current one if it is
    /// full; an operation bigger than a standard frame gets a frame of its own. Under <c>_lock</c>.</summary>
    private Frame FrameFor(string segmentName, int size)
    {
        if (WalFrameFormat.HeaderLength + size > _device.MaxFrameLength)
        {
            throw new OperationTooLargeException(segmentName, size, _device.MaxFrameLength - WalFrameFormat.HeaderLength);
        }
        if (_open.Remaining >= size)
        {
            return _open;
        }
        if (!_open.IsEmpty)
        {
            SealOpenFrame();
        }
        if (_open.Remaining < size)
        {
            if (_open.Oversized)
            {
                _open.ReleaseBuffer();
            }
            else
            {
                _framePool.Push(_open);
            }
            _open = new Frame(WalFrameFormat.HeaderLength + size, oversized: true);
        }
        return _open;
    }

    private void SealOpenFrame()
    {
        _sealed.Enqueue(TakeOpenFrame());
        WakeWriter();
    }

    /// <summary>Returns the open frame and opens a fresh one (from the pool when it has one); under <c>_lock</c>.</summary>
    private Frame TakeOpenFrame()
    {
        var frame = _open;
        _open = _framePool.TryPop(out var fresh) ? fresh : new Frame(_frameCapacity, oversized: false);
        return frame;
    }

    /// <summary>Called after an operation joined the open frame (or a checkpoint is due); wakes the writer if it waits
    /// for what just happened. Under <c>_lock</c>.</summary>
    private void WakeWriter()
    {
        if (_writerWait == WriterWait.ForFrame)
        {
            _writerWait = WriterWait.None;
            Monitor.Pulse(_lock);
        }
    }

    private void RecycleFrame(Frame frame)
    {
        frame.Reset();
        if (frame.Oversized)
        {
            frame.ReleaseBuffer();
            return;
        }
        lock (_lock)
        {
            _framePool.Push(frame);
        }
    }

    private static long NowMs() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
}
