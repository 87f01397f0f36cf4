using System.Buffers;
using System.IO.Pipelines;
using Pravega.Perf.Wire.Commands;
using Pravega.Perf.Wire.Replies;

namespace Pravega.Perf.Client.Segments;

public sealed partial class SegmentWriter
{
    /// <summary>The store's event number of the last batch sent in the current session (under the lock).</summary>
    private long _lastSent;

    /// <summary>The current session on a shared connection; null between sessions.</summary>
    private AppendSession? _session;

    /// <summary>Set when the current session's set-up is answered: blocks go only after it (under the lock).</summary>
    private bool _sessionReady;

    internal string DelegationToken => _options.DelegationToken;

    /// <summary>
    /// Sets up a session on the store's shared connection, lets the connection send, and sets up again whenever the
    /// session ends (an error reply, a broken connection), until the writer fails or is disposed.
    /// </summary>
    private async Task SessionLoopAsync()
    {
        var backoff = _options.InitialBackoff;
        var attempts = 0;
        while (!_stop.IsCancellationRequested && Volatile.Read(ref _failure) is null)
        {
            System.Net.EndPoint? endPoint = null;
            AppendSession? session = null;
            try
            {
                endPoint = await _resolver.ResolveAsync(Segment, _stop.Token).ConfigureAwait(false);
                var connection = await _connections.AcquireAsync(endPoint, _stop.Token).ConfigureAwait(false);
                session = connection.Open(this);
                await SetUpAsync(session).ConfigureAwait(false);
                attempts = 0;
                backoff = _options.InitialBackoff;
                await session.Ended.WaitAsync(_stop.Token).ConfigureAwait(false);
                if (_stop.IsCancellationRequested || Volatile.Read(ref _failure) is not null)
                {
                    break;
                }
                throw new ConnectionLostException($"the session of '{Segment}' on {endPoint} ended");
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                // Disposed while resolving, connecting or setting up: whatever the cancelled call threw (the
                // controller's gRPC client reports a cancelled call as RpcException, not OperationCanceledException).
                break;
            }
            catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or TimeoutException
                                      || (e is OperationCanceledException && !_stop.IsCancellationRequested))
            {
                EndSession(session);
                _resolver.Invalidate(Segment);
                if (++attempts >= _options.MaxAttempts)
                {
                    Fail(new SegmentStoreUnavailableException($"segment store {endPoint} for '{Segment}' unavailable after {attempts} attempt(s): {e.Message}", e));
                    break;
                }
                await Task.Delay(backoff, _stop.Token).ConfigureAwait(false);
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, _options.MaxBackoff.Ticks));
            }
            catch (ObjectDisposedException e) when (!_stop.IsCancellationRequested)
            {
                // The shared pool was disposed before this writer (its owner should dispose writers first): nothing
                // can be sent any more, so the unacknowledged events fail rather than wait forever.
                Fail(new SegmentStoreUnavailableException($"'{Segment}': the writer's connections were closed", e));
                break;
            }
            finally
            {
                EndSession(session);
            }
        }
    }

    /// <summary>Waits for <c>APPEND_SETUP</c>; acknowledges what the store already has and rewinds sending to the
    /// first batch it lacks, then lets the connection send.</summary>
    private async Task SetUpAsync(AppendSession session)
    {
        lock (_lock)
        {
            _session = session;
            _sessionReady = false;
        }
        var lastEventNumber = await session.SetUp.WaitAsync(_options.ConnectTimeout, _stop.Token).ConfigureAwait(false)
            ?? throw new ConnectionLostException($"the set-up of '{Segment}' ended without an answer");
        // long.MinValue: the store has never seen this writer.
        var stored = Math.Max(0, lastEventNumber);
        Acknowledge(stored);
        lock (_lock)
        {
            if (_session != session)
            {
                throw new ConnectionLostException($"the session of '{Segment}' ended during its set-up");
            }
            _lastSent = stored;
            _sessionReady = true;
        }
        session.Connection.RequestSend(session);
    }

    private void EndSession(AppendSession? session)
    {
        if (session is null)
        {
            return;
        }
        lock (_lock)
        {
            if (_session == session)
            {
                _session = null;
                _sessionReady = false;
            }
        }
        session.Connection.Leave(session);
    }

    /// <summary>
    /// Called by the connection's send loop: writes the blocks this session may send now into
    /// <paramref name="output"/> and returns their bytes. Full (and flushed) batches always go; the open batch goes
    /// when fewer than <see cref="MaxBlocksInFlight"/> blocks wait for their ack: a lone event goes out at once, and
    /// under load events gather while blocks are on their way, so blocks grow with the load (Pravega sizes them from
    /// its ack latency to the same end, reference §2.4).
    /// </summary>
    internal long WriteBlocks(AppendSession session, PipeWriter output, List<AppendBatch> sending)
    {
        long bytes = 0;
        lock (_lock)
        {
            // An ended session (an error reply for it) is not written to, though the session loop has not yet let go of it.
            if (_session != session || !_sessionReady || _failure is not null || session.IsEnded)
            {
                return 0;
            }
            var inFlight = 0;
            foreach (var batch in _unacknowledged)
            {
                if (batch.LastEventNumber > _lastSent)
                {
                    sending.Add(batch);
                }
                else
                {
                    inFlight++;
                }
            }
            if (sending.Count == 0 && inFlight < MaxBlocksInFlight && _open is { EventCount: > 0 } open)
            {
                CloseOpenBatchLocked();
                sending.Add(open);
            }
            // Written under the lock: an acknowledgement cannot release a batch's buffer while it is copied out.
            foreach (var batch in sending)
            {
                // One block sized to the batch exactly: no padding on the wire.
                new AppendBlock(WriterId, new ReadOnlySequence<byte>(batch.Data)).WriteTo(output);
                new AppendBlockEnd(WriterId, batch.Length, default, batch.EventCount, batch.LastEventNumber, session.RequestId).WriteTo(output);
                bytes += batch.Length;
            }
            if (sending.Count > 0)
            {
                _lastSent = sending[^1].LastEventNumber;
            }
        }
        sending.Clear();
        return bytes;
    }

    /// <summary>An ack from the store (the connection's receive loop).</summary>
    internal void OnAcknowledged(long eventNumber, long writeOffset)
    {
        NoteWriteOffset(writeOffset);
        Acknowledge(eventNumber);
    }

    private void NoteWriteOffset(long offset)
    {
        var seen = Interlocked.Read(ref _lastObservedWriteOffset);
        while (offset > seen)
        {
            var previous = Interlocked.CompareExchange(ref _lastObservedWriteOffset, offset, seen);
            if (previous == seen)
            {
                return;
            }
            seen = previous;
        }
    }

    /// <summary>What an error reply means for the writer (its session ends after it): fatal ones fail it;
    /// <c>WrongHost</c> only sends it to set up again, wherever the segment now is.</summary>
    internal void OnErrorReply(Reply reply)
    {
        switch (reply.Kind)
        {
            case ReplyKind.Sealed:
                Fail(new SegmentSealedException(Segment));
                break;
            case ReplyKind.SegmentMissing:
                Fail(new SegmentNotFoundException(Segment));
                break;
            case ReplyKind.WrongHost:
                _resolver.Invalidate(Segment);
                break;
            case ReplyKind.InvalidEventNumber:
            case ReplyKind.AuthFailed:
            case ReplyKind.Error:
            case ReplyKind.Unsupported:
                Fail(new SegmentStoreErrorException($"'{Segment}': the store refused the writer's appends ({reply.Type})"));
                break;
        }
    }
}
