using Pravega.Perf.SegmentStore.Contracts.Appends;
using Pravega.Perf.SegmentStore.Contracts.Exceptions;
using Pravega.Perf.Wire.Commands;
using StoreAppendData = Pravega.Perf.SegmentStore.Contracts.Appends.AppendData;
using WireAppend = Pravega.Perf.Wire.Appends.Append;

namespace Pravega.Perf.SegmentStore.Server.Connections;

internal sealed partial class ServerConnection
{
    /// <summary>
    /// Hands one reassembled append to the store and queues it for the ack loop. The store copies the bytes before
    /// <c>AppendAsync</c> returns, so the caller may advance the input right after this method.
    /// </summary>
    private void SubmitAppend(in WireAppend append)
    {
        if (!_sessions.TryGetValue(append.WriterId, out var session) || session.Failed)
        {
            // The writer's setup failed, or an error reply ended its session: the client was told and must set up
            // again; appends it had already sent are dropped, neither stored nor acknowledged.
            return;
        }
        var lane = session.Lane ??= LaneFor(session.Segment);
        var previous = session.LastSubmitted;
        if (append.LastEventNumber <= previous)
        {
            // A repeated event number would pass the store's compare-and-set (previous -> previous): reject it here.
            // It is queued so the error reply waits for the writer's earlier appends, as Pravega does.
            lane.Enqueue(new PendingAppend(session, append.LastEventNumber, previous, append.RequestId,
                append.IsConditional, 0, default, RejectedAsDuplicate: true));
            return;
        }
        session.Submit(append.LastEventNumber);
        var data = new StoreAppendData(append.Data.WholeEvents, append.Data.PartialHead, append.Data.Tail);
        var writer = new WriterUpdate(append.WriterId, previous, append.LastEventNumber, append.EventCount);
        var bytes = append.Data.Length;
        ValueTask<long> completion;
        try
        {
            completion = _store.AppendAsync(session.Segment, data, writer, append.IsConditional ? append.ExpectedOffset : -1);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            completion = ValueTask.FromException<long>(e);
        }
        _flow.Acquire(bytes);
        lane.Enqueue(new PendingAppend(session, append.LastEventNumber, previous, append.RequestId,
            append.IsConditional, bytes, completion, RejectedAsDuplicate: false));
    }

    /// <summary>The ack queue of a segment's container, created with its ack loop on first use (read loop).</summary>
    private PendingAppendQueue LaneFor(string segment)
    {
        var container = _store.GetContainerId(segment);
        if (!_lanes.TryGetValue(container, out var lane))
        {
            lane = new PendingAppendQueue();
            _lanes.Add(container, lane);
            _ackLoops.Add(AckLoopAsync(lane));
        }
        return lane;
    }

    /// <summary>
    /// Awaits one container's queued appends in order and writes their acks (or errors). Once the oldest is
    /// complete, every completed append queued behind it is written under the same hold of the output and flushed
    /// once, so a group commit's acks leave in one write.
    /// </summary>
    private async Task AckLoopAsync(PendingAppendQueue queue)
    {
        while (await queue.WaitToReadAsync().ConfigureAwait(false))
        {
            while (queue.TryDequeue(out var pending))
            {
                long length = 0;
                Exception? error = null;
                if (!pending.RejectedAsDuplicate)
                {
                    try
                    {
                        length = await pending.Completion.ConfigureAwait(false);
                    }
                    catch (Exception e) when (e is not OutOfMemoryException)
                    {
                        error = e;
                    }
                }
                await _outputLock.WaitAsync().ConfigureAwait(false);
                long released = 0;
                try
                {
                    while (true)
                    {
                        released += pending.Bytes; // 0 for a rejected duplicate: it never acquired any
                        WriteOutcome(pending, length, error);
                        if (pending.RejectedAsDuplicate
                            || !queue.TryPeek(out var next) || next.RejectedAsDuplicate || !next.Completion.IsCompleted)
                        {
                            break;
                        }
                        queue.TryDequeue(out pending);
                        (length, error) = CompletedOutcome(pending);
                    }
                    // One release per batch (it takes the flow-control lock), before the flush so a paused read loop
                    // resumes while the acks are sent.
                    _flow.Release(released);
                    released = 0;
                    await Output.FlushAsync().ConfigureAwait(false);
                }
                finally
                {
                    if (released != 0)
                    {
                        _flow.Release(released); // a reply threw before the batch's release
                    }
                    _outputLock.Release();
                }
            }
        }
    }

    /// <summary>The result of an append whose completion has already completed (read once, which returns it to its pool).</summary>
    private static (long Length, Exception? Error) CompletedOutcome(in PendingAppend pending)
    {
        try
        {
            return (pending.Completion.Result, null);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return (0, e);
        }
    }

    /// <summary>Writes an append's reply; under the output lock.</summary>
    private void WriteOutcome(in PendingAppend pending, long length, Exception? error)
    {
        if (pending.RejectedAsDuplicate)
        {
            WriteInvalidEventNumber(pending);
            return;
        }
        if (error is null)
        {
            WriteAck(pending, length);
        }
        else
        {
            WriteAppendError(pending, error);
        }
    }

    private void WriteAck(in PendingAppend pending, long length)
    {
        var session = pending.Session;
        if (session.Failed)
        {
            return;
        }
        new DataAppended(session.WriterId, pending.EventNumber, session.LastAcked, pending.RequestId, length).WriteTo(Output);
        // A new writer's previous event number is long.MinValue; its event numbers count from 1.
        session.Traffic?.Record(pending.Bytes, pending.EventNumber - Math.Max(pending.PreviousEventNumber, 0));
        session.LastAcked = pending.EventNumber;
        if (session.IsUserStreamSegment)
        {
            _indexer.NoteAppended(session.Segment);
        }
    }

    private void WriteInvalidEventNumber(in PendingAppend pending)
    {
        var session = pending.Session;
        if (session.Failed)
        {
            return;
        }
        session.Failed = true;
        ServerLog.InvalidEventNumber(_logger, Id, session.WriterId.ToString(), session.Segment, pending.EventNumber);
        new InvalidEventNumber(session.WriterId, pending.RequestId, string.Empty, pending.EventNumber).WriteTo(Output);
        CloseAfterReply();
    }

    /// <summary>Reference §2.4 item 7 (and item 8 for conditional appends).</summary>
    private void WriteAppendError(in PendingAppend pending, Exception error)
    {
        var session = pending.Session;
        if (session.Failed)
        {
            // Appends queued behind a failed one fail too (their compare-and-set cannot hold); one reply is enough.
            return;
        }
        if (pending.IsConditional && error is BadOffsetException)
        {
            session.RollBack(pending.EventNumber, pending.PreviousEventNumber);
            new ConditionalCheckFailed(session.WriterId, pending.EventNumber, pending.RequestId).WriteTo(Output);
            return;
        }
        session.Failed = true;
        switch (error)
        {
            case BadAttributeUpdateException:
                WriteInvalidEventNumberAfterFailure(pending, error);
                break;
            case StreamSegmentNotExistsException or StreamSegmentMergedException:
                new NoSuchSegment(pending.RequestId, session.Segment, StackTrace(error), -1).WriteTo(Output);
                break;
            case StreamSegmentSealedException:
                new SegmentIsSealed(pending.RequestId, session.Segment, StackTrace(error), pending.EventNumber).WriteTo(Output);
                break;
            case ContainerNotFoundException:
                new WrongHost(pending.RequestId, session.Segment, string.Empty, StackTrace(error)).WriteTo(Output);
                break;
            case NotSupportedException:
                new OperationUnsupported(pending.RequestId, "appendBlock", StackTrace(error)).WriteTo(Output);
                break;
            default:
                // Shutdown, a failed log write, a full cache: Pravega closes the connection; the client reconnects
                // and retransmits whatever was not acknowledged.
                ServerLog.RequestFailed(_logger, error, Id, "append", session.Segment);
                CloseAfterReply();
                break;
        }
    }

    private void WriteInvalidEventNumberAfterFailure(in PendingAppend pending, Exception error)
    {
        var session = pending.Session;
        ServerLog.InvalidEventNumber(_logger, Id, session.WriterId.ToString(), session.Segment, pending.EventNumber);
        new InvalidEventNumber(session.WriterId, pending.RequestId, StackTrace(error), pending.EventNumber).WriteTo(Output);
        CloseAfterReply();
    }
}
