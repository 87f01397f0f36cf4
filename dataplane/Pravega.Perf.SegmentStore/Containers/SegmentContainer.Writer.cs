using Pravega.Perf.SegmentStore.Contracts.Exceptions;
using Pravega.Perf.SegmentStore.Metadata;

namespace Pravega.Perf.SegmentStore.Containers;

internal sealed partial class SegmentContainer
{
    private void WriterLoop()
    {
        var framesSinceCheckpoint = 0;
        long bytesSinceCheckpoint = 0;
        while (true)
        {
            Frame frame;
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
                    if (_sealed.Count > 0 || !_open.IsEmpty)
                    {
                        break;
                    }
                    if (_stopping)
                    {
                        lock (_writtenLock)
                        {
                            _writerDone = true;
                            Monitor.Pulse(_writtenLock);
                        }
                        return;
                    }
                    _writerWaiting = true;
                    Monitor.Wait(_lock);
                }
                _writerWaiting = false;
                if (_sealed.Count > 0)
                {
                    frame = _sealed.Dequeue();
                }
                else
                {
                    // Group commit: everything that arrived while the previous frame was being written goes now.
                    frame = _open;
                    _open = _framePool.TryPop(out var next) ? next : new Frame(_frameCapacity, oversized: false);
                }
            }

            TruncateLogIfRequested();
            if (frame.OperationCount > 0)
            {
                try
                {
                    frame.Address = _device.Write(frame.Content, frame.FirstSequence, frame.LastSequence);
                    // A checkpoint's own frame does not count, or checkpoints would beget checkpoints forever.
                    bytesSinceCheckpoint += frame.Position;
                    if (frame.StartsWithCheckpoint)
                    {
                        Volatile.Write(ref _framesSinceCheckpoint, 0);
                    }
                    else
                    {
                        Volatile.Write(ref _framesSinceCheckpoint, _framesSinceCheckpoint + 1);
                        if (++framesSinceCheckpoint >= _options.CheckpointFrameInterval
                            || bytesSinceCheckpoint >= _options.CheckpointByteInterval)
                        {
                            framesSinceCheckpoint = 0;
                            bytesSinceCheckpoint = 0;
                            _checkpointDue = true;
                        }
                    }
                }
                catch (Exception e)
                {
                    frame.Error = e;
                }
            }
            lock (_writtenLock)
            {
                _written.Enqueue(frame);
                Monitor.Pulse(_writtenLock);
            }
            if (frame.Error is not null)
            {
                // Nothing after a failed frame may be written until the commit thread has failed and rolled it back.
                _rollbackDone.Wait();
                _rollbackDone.Reset();
            }
        }
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
        lock (_lock)
        {
            while (_sealed.Count > 0)
            {
                failed.Add(_sealed.Dequeue());
            }
            if (!_open.IsEmpty)
            {
                failed.Add(_open);
                _open = _framePool.TryPop(out var next) ? next : new Frame(_frameCapacity, oversized: false);
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
