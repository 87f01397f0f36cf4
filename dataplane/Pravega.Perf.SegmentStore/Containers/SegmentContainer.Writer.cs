using Pravega.Perf.SegmentStore.Contracts.Exceptions;
using Pravega.Perf.SegmentStore.Metadata;

namespace Pravega.Perf.SegmentStore.Containers;

internal sealed partial class SegmentContainer
{
    /// <summary>
    /// The writer thread: takes frames in order and begins their writes, up to the device's writes in flight, and
    /// collects the writes in the same order, handing each durable frame to the commit thread. Collecting comes
    /// first when both are possible: it is cheap, and it is what acknowledges callers.
    /// </summary>
    private void WriterLoop()
    {
        var inFlight = new Queue<Frame>(_pipeline.MaxWritesInFlight);
        var counters = new CheckpointCounters();
        // After a frame failed to begin, nothing may begin behind it (it would land after a hole) until the failure
        // has been collected and rolled back.
        var beginFailed = false;
        while (true)
        {
            Frame? next = null;
            lock (_lock)
            {
                while (true)
                {
                    // Checked on every wake-up: the storage writer asks for a checkpoint while the log is idle.
                    if (_checkpointDue && !_stopping)
                    {
                        AddCheckpoint();
                        _checkpointDue = false;
                    }
                    var canBegin = !beginFailed && CanBeginNextFrame(inFlight.Count);
                    if (canBegin || (inFlight.Count > 0 && IsCollectable(inFlight.Peek())))
                    {
                        if (canBegin)
                        {
                            next = TakeNextFrame();
                        }
                        break;
                    }
                    if (_stopping && inFlight.Count == 0)
                    {
                        lock (_writtenLock)
                        {
                            _writerDone = true;
                            Monitor.Pulse(_writtenLock);
                        }
                        return;
                    }
                    _writerWait = inFlight.Count < _pipeline.MaxWritesInFlight && !beginFailed
                        ? WriterWait.ForFrame
                        : WriterWait.ForCompletion;
                    Monitor.Wait(_lock);
                }
                _writerWait = WriterWait.None;
            }

            while (inFlight.Count > 0 && IsCollectable(inFlight.Peek()))
            {
                var oldest = inFlight.Dequeue();
                if (!Collect(oldest, ref counters))
                {
                    FailFrom(oldest, inFlight, next);
                    next = null;
                    beginFailed = false;
                    break;
                }
            }
            if (next is not null)
            {
                TruncateLogIfRequested();
                beginFailed = !Begin(next);
                inFlight.Enqueue(next);
            }
        }
    }

    /// <summary>True if a frame may begin now, with <paramref name="inFlight"/> writes in flight: there is room in the
    /// pipeline and something to write (group commit: whatever arrived meanwhile goes in one frame). Under
    /// <c>_lock</c>.</summary>
    private bool CanBeginNextFrame(int inFlight) =>
        inFlight < _pipeline.MaxWritesInFlight && (_sealed.Count > 0 || !_open.IsEmpty);

    /// <summary>The next frame to write: a full one, else the open one (group commit: whatever arrived while earlier
    /// writes were in flight). Under <c>_lock</c>.</summary>
    private Frame TakeNextFrame()
    {
        return _sealed.Count > 0 ? _sealed.Dequeue() : TakeOpenFrame();
    }

    /// <summary>True if collecting the frame will not block: its write finished, or it has no write in flight (it
    /// failed to begin, or holds no operation).</summary>
    private bool IsCollectable(Frame frame) => !frame.InFlight || _pipeline.IsOldestWriteDone;

    /// <summary>Begins the frame's write; false if it failed to begin (the frame then carries the error).</summary>
    private bool Begin(Frame frame)
    {
        if (frame.OperationCount == 0)
        {
            return true; // only barriers: nothing to write, committed in its turn
        }
        try
        {
            frame.Address = _pipeline.BeginWrite(frame.Content, frame.FirstSequence, frame.LastSequence);
            frame.InFlight = true;
            return true;
        }
        catch (Exception e)
        {
            frame.Error = e;
            return false;
        }
    }

    /// <summary>Collects the oldest frame; if it is durable, hands it to the commit thread and returns true.</summary>
    private bool Collect(Frame frame, ref CheckpointCounters counters)
    {
        EndWrite(frame);
        if (frame.Error is not null)
        {
            return false;
        }
        if (frame.OperationCount > 0)
        {
            CountForCheckpoint(frame, ref counters);
        }
        lock (_writtenLock)
        {
            _written.Enqueue(frame);
            Monitor.Pulse(_writtenLock);
        }
        return true;
    }

    /// <summary>
    /// A frame failed: it and every frame after it (in flight, or just taken) were validated against state that will
    /// never be durable. Collects the writes still in flight (the device fails them all), hands the whole run to the
    /// commit thread at once, and waits until it has rolled the container back; nothing more may be written before.
    /// </summary>
    private void FailFrom(Frame failed, Queue<Frame> inFlight, Frame? taken)
    {
        var error = failed.Error!;
        var run = new List<Frame> { failed };
        while (inFlight.Count > 0)
        {
            var frame = inFlight.Dequeue();
            EndWrite(frame);
            frame.Error ??= error;
            run.Add(frame);
        }
        if (taken is not null)
        {
            taken.Error = error;
            run.Add(taken);
        }
        lock (_writtenLock)
        {
            foreach (var frame in run)
            {
                _written.Enqueue(frame);
            }
            Monitor.Pulse(_writtenLock);
        }
        _rollbackDone.Wait();
        _rollbackDone.Reset();
    }

    /// <summary>Collects the frame's write if it has one in flight (the device's oldest); a failure goes to the frame.</summary>
    private void EndWrite(Frame frame)
    {
        if (!frame.InFlight)
        {
            return;
        }
        frame.InFlight = false;
        try
        {
            _pipeline.EndOldestWrite();
        }
        catch (Exception e)
        {
            frame.Error = e;
        }
    }

    /// <summary>Counts a durable frame towards the next checkpoint (frames and bytes since the last one).</summary>
    private void CountForCheckpoint(Frame frame, ref CheckpointCounters counters)
    {
        // A checkpoint's own frame does not count, or checkpoints would beget checkpoints forever.
        counters.Bytes += frame.Position;
        if (frame.StartsWithCheckpoint)
        {
            Volatile.Write(ref _framesSinceCheckpoint, 0);
            return;
        }
        Volatile.Write(ref _framesSinceCheckpoint, _framesSinceCheckpoint + 1);
        if (++counters.Frames >= _options.CheckpointFrameInterval || counters.Bytes >= _options.CheckpointByteInterval)
        {
            counters = default;
            _checkpointDue = true;
        }
    }

    /// <summary>Called by the device when a write in flight finishes (on the ring's thread): wakes the writer if it
    /// sleeps, so it collects the write.</summary>
    private void OnWriteFinished()
    {
        lock (_lock)
        {
            if (_writerWait != WriterWait.None)
            {
                _writerWait = WriterWait.None;
                Monitor.Pulse(_lock);
            }
        }
    }

    /// <summary>What the sleeping writer waits for, so that only that wakes it: appends arriving while the pipeline
    /// is full must not wake the writer once each for nothing.</summary>
    private enum WriterWait
    {
        /// <summary>Not waiting.</summary>
        None,

        /// <summary>Room in the pipeline: any operation (or a due checkpoint), or a finished write, wakes it.</summary>
        ForFrame,

        /// <summary>The pipeline is full (or a failure waits to be collected): only a finished write wakes it.</summary>
        ForCompletion,
    }

    private struct CheckpointCounters
    {
        public int Frames;
        public long Bytes;
    }

    private void CommitLoop()
    {
        while (true)
        {
            Frame frame;
            lock (_writtenLock)
            {
                while (_written.Count == 0)
                {
                    if (_writerDone)
                    {
                        return;
                    }
                    Monitor.Wait(_writtenLock);
                }
                frame = _written.Dequeue();
            }
            if (frame.Error is null)
            {
                Commit(frame);
            }
            else
            {
                RollBack(frame);
            }
        }
    }

    private void Commit(Frame frame)
    {
        lock (_committedLock)
        {
            _applyAddress = frame.Address;
            var content = frame.Buffer.AsSpan(0, frame.Position);
            foreach (ref readonly var entry in frame.Entries)
            {
                if (entry.Offset >= 0)
                {
                    Apply(content[entry.Offset..], entry.Segment, entry.Source, recovering: false);
                }
            }
            if (frame.OperationCount > 0)
            {
                _committedSequence = frame.LastSequence;
            }
        }
        // Last to first: a server ack loop awaits the oldest append of its queue, and its continuation runs inline
        // here. Completed in order, it would wake on the first append, find the next one not yet completed, send
        // one ack per syscall and wait again; completed in reverse, it wakes once, finds the whole frame's appends
        // completed behind it and sends their acks in one write. Every operation of the frame is durable and
        // applied already, so the order in which their waiters learn it does not matter to anyone.
        var entries = frame.Entries;
        for (var i = entries.Length - 1; i >= 0; i--)
        {
            entries[i].Waiter?.Complete();
        }
        WakeCollected();
        WakeStorageWriterIfWorkArrived();
        if (frame.StartsWithCheckpoint)
        {
            AddCheckpointAddress(frame.Address);
            RequestLogTruncation();
        }
        RecycleFrame(frame);
    }

    private void RollBack(Frame failedFrame)
    {
        var failed = new List<Frame> { failedFrame };
        lock (_writtenLock)
        {
            // The writer handed over the failed frame and every frame after it at once, and waits for this rollback.
            while (_written.Count > 0)
            {
                failed.Add(_written.Dequeue());
            }
        }
        lock (_lock)
        {
            while (_sealed.Count > 0)
            {
                failed.Add(_sealed.Dequeue());
            }
            if (!_open.IsEmpty)
            {
                failed.Add(TakeOpenFrame());
            }
            lock (_committedLock)
            {
                foreach (var segment in _pendingByName.Values)
                {
                    if (!_committedByName.TryGetValue(segment.Name, out var committed) || !ReferenceEquals(committed, segment))
                    {
                        segment.ReadIndex.Free(); // created by an operation that will never be durable
                    }
                }
                _pendingByName.Clear();
                foreach (var (name, segment) in _committedByName)
                {
                    segment.Pending.CopyFrom(segment.Committed);
                    _pendingByName[name] = segment;
                }
                _pendingMerged.CopyFrom(_committedMerged);
                _nextSequence = _committedSequence + 1;
                _checkpointDue = false;
            }
        }
        var error = new DurableLogException(string.Empty,
            $"Container {Id}: the WAL write failed; the operation was not stored.", failedFrame.Error);
        foreach (var frame in failed)
        {
            foreach (ref readonly var entry in frame.Entries)
            {
                entry.Waiter?.Fail(error);
            }
            RecycleFrame(frame);
        }
        _rollbackDone.Set();
    }

    /// <summary>Moves a segment's tail reads to the wake list; under <c>_committedLock</c>.</summary>
    private void CollectTailReads(SegmentMetadata segment, TailReadOutcome outcome)
    {
        if (segment.TailReads is { Count: > 0 } reads)
        {
            _wakeScratch.Add((reads, outcome));
            segment.TailReads = null;
        }
    }

    /// <summary>Wakes the collected tail reads outside the lock (their continuations run on the thread pool).</summary>
    private void WakeCollected()
    {
        List<(List<TailRead> Reads, TailReadOutcome Outcome)>? batch = null;
        lock (_committedLock)
        {
            if (_wakeScratch.Count > 0)
            {
                batch = [.. _wakeScratch];
                _wakeScratch.Clear();
            }
        }
        if (batch is null)
        {
            return;
        }
        foreach (var (reads, outcome) in batch)
        {
            foreach (var read in reads)
            {
                read.Wake(outcome);
            }
        }
    }
}
