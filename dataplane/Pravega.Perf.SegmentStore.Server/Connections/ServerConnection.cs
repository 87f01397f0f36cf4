using System.Buffers;
using System.IO.Pipelines;
using Microsoft.Extensions.Logging;
using Pravega.Perf.Common;
using Pravega.Perf.SegmentStore.Contracts;
using Pravega.Perf.SegmentStore.Server.AutoScale;
using Pravega.Perf.SegmentStore.Server.Index;
using Pravega.Perf.Transport;
using Pravega.Perf.Wire;
using Pravega.Perf.Wire.Appends;

namespace Pravega.Perf.SegmentStore.Server.Connections;

/// <summary>
/// The request processor of one client connection. A read loop decodes requests (<see cref="RequestReader"/>),
/// hands appends to the store and queues them, one queue per container the connection writes to; each queue's ack
/// loop awaits its appends in order and writes the acks, so appends of many writers stay in flight at once, every
/// writer's acks leave in order, and no ack waits for another container's log. Other requests are handled by the
/// read loop one at a time (so a client sees them in the order it sent them), except tail reads, which wait apart.
/// </summary>
/// <remarks>
/// Closing: the read loop stops (end of input, a protocol error, an error reply that closes, or server shutdown),
/// the ack loop acknowledges or fails every queued append, waiting reads are ended, transient segments created
/// here are deleted, then the transport is disposed (its buffered output is sent first).
/// </remarks>
internal sealed partial class ServerConnection : IDisposable
{
    private const int MaxReadLength = 2 << 20;
    private const int MinReadLength = 8;

    private readonly ITransportConnection _transport;
    private readonly ISegmentStore _store;
    private readonly ITableStore _tables;
    private readonly SegmentIndexer _indexer;
    private readonly AutoScaleMonitor? _autoScale;
    private readonly ILogger _logger;
    private readonly ConnectionFlowControl _flow;
    private readonly bool _replyWithStackTrace;
    private readonly RequestReader _reader = new();
    private readonly Dictionary<Uuid, WriterSession> _sessions = [];
    private readonly Dictionary<int, PendingAppendQueue> _lanes = [];
    private readonly List<Task> _ackLoops = [];
    private readonly SemaphoreSlim _outputLock = new(1, 1);
    private readonly CancellationTokenSource _closing = new();

    /// <summary>Set by the read loop when the store throttled appends: it waits before reading on (read loop only).</summary>
    private bool _waitForAppendRoom;

    /// <summary>Cancelled by <see cref="Stop"/>: ends a read loop's wait for the store's append room.</summary>
    private readonly CancellationTokenSource _stopped = new();
    private readonly Lock _stateLock = new();
    private readonly HashSet<string> _transientSegments = [];
    private readonly HashSet<Task> _tailReads = [];
    private volatile bool _stopReading;

    public ServerConnection(ITransportConnection transport, ISegmentStore store, ITableStore tables, SegmentIndexer indexer,
        AutoScaleMonitor? autoScale, ConnectionFlowControl flow, bool replyWithStackTrace, ILogger logger)
    {
        _transport = transport;
        _store = store;
        _tables = tables;
        _indexer = indexer;
        _autoScale = autoScale;
        _flow = flow;
        _replyWithStackTrace = replyWithStackTrace;
        _logger = logger;
    }

    public string Id => _transport.ConnectionId;

    private PipeWriter Output => _transport.Output;

    /// <summary>Serves the connection until it is closed; never throws.</summary>
    public async Task RunAsync()
    {
        try
        {
            await ReadLoopAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            ServerLog.RequestFailed(_logger, e, Id, "read loop", string.Empty);
        }
        finally
        {
            _stopReading = true;
            // The read loop has ended, so no lane is added any more.
            foreach (var lane in _lanes.Values)
            {
                lane.Complete();
            }
            await Task.WhenAll(_ackLoops).ConfigureAwait(false);
            await _closing.CancelAsync().ConfigureAwait(false);
            Task[] reads;
            lock (_stateLock)
            {
                reads = [.. _tailReads];
            }
            await Task.WhenAll(reads).ConfigureAwait(false);
            await DeleteTransientSegmentsAsync().ConfigureAwait(false);
            _flow.Close();
            await _transport.DisposeAsync().ConfigureAwait(false);
            Dispose();
            ServerLog.ConnectionClosed(_logger, Id);
        }
    }

    /// <summary>Stops reading requests; what was read is finished, then the connection closes (graceful shutdown).</summary>
    public void Stop()
    {
        _stopReading = true;
        _flow.Close();
        try
        {
            _stopped.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The connection has finished already.
        }
        _transport.Input.CancelPendingRead();
    }

    /// <summary>Releases the connection's own resources; <see cref="RunAsync"/> calls it when done.</summary>
    public void Dispose()
    {
        _closing.Dispose();
        _stopped.Dispose();
        _outputLock.Dispose();
    }

    /// <summary>Closes at once (shutdown deadline passed).</summary>
    public void Abort() => _transport.Abort();

    private async Task ReadLoopAsync()
    {
        var input = _transport.Input;
        try
        {
            while (!_stopReading)
            {
                if (_flow.ShouldPause)
                {
                    await _flow.WaitUntilResumedAsync().ConfigureAwait(false);
                    continue;
                }
                if (_waitForAppendRoom)
                {
                    // The store's cache is full of bytes not yet in Tier-2: read no more appends until the storage
                    // writers made room (TCP back-pressure, as with flow control) rather than fail them.
                    _waitForAppendRoom = false;
                    await WaitForAppendRoomAsync().ConfigureAwait(false);
                    continue;
                }
                var result = await input.ReadAsync().ConfigureAwait(false);
                if (result.IsCanceled)
                {
                    continue;
                }
                var buffer = result.Buffer;
                var needMore = false;
                try
                {
                    while (!_stopReading)
                    {
                        if (!_reader.TryRead(buffer, out var request, out var consumed))
                        {
                            needMore = true;
                            break;
                        }
                        if (request.IsAppend)
                        {
                            SubmitAppend(request.Append);
                            buffer = buffer.Slice(consumed);
                            if (_flow.ShouldPause)
                            {
                                break;
                            }
                            if (_store.AppendsThrottled)
                            {
                                _waitForAppendRoom = true;
                                break;
                            }
                        }
                        else
                        {
                            // The request's fields are slices of the buffer: it is handled before the buffer moves on.
                            var handled = HandleCommandAsync(request);
                            if (!handled.IsCompletedSuccessfully)
                            {
                                await handled.ConfigureAwait(false);
                            }
                            buffer = buffer.Slice(consumed);
                        }
                    }
                }
                catch (WireProtocolException e)
                {
                    ServerLog.MalformedInput(_logger, Id, e.Message);
                    _stopReading = true;
                }
                finally
                {
                    // Examined = end only when a frame is incomplete; otherwise the next read must return at once.
                    input.AdvanceTo(buffer.Start, needMore ? buffer.End : buffer.Start);
                }
                if (result.IsCompleted)
                {
                    if (!buffer.IsEmpty && !_stopReading)
                    {
                        ServerLog.MalformedInput(_logger, Id, $"connection ended inside a frame ({buffer.Length} bytes left)");
                    }
                    break;
                }
            }
        }
        finally
        {
            await input.CompleteAsync().ConfigureAwait(false);
        }
    }

    private async Task WaitForAppendRoomAsync()
    {
        try
        {
            await _store.WaitForAppendRoomAsync(_stopped.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_stopped.IsCancellationRequested)
        {
            // Stopping: the loop sees _stopReading and ends.
        }
    }

    /// <summary>Writes one reply and flushes.</summary>
    private async ValueTask SendAsync<T>(T reply)
        where T : struct, IWireCommand
    {
        await _outputLock.WaitAsync().ConfigureAwait(false);
        try
        {
            reply.WriteTo(Output);
            await Output.FlushAsync().ConfigureAwait(false);
        }
        finally
        {
            _outputLock.Release();
        }
    }

    /// <summary>Ends the connection after the current request: the reply already written is still sent.</summary>
    private void CloseAfterReply()
    {
        _stopReading = true;
        _transport.Input.CancelPendingRead();
    }

    private void TrackTransient(string segment)
    {
        lock (_stateLock)
        {
            _transientSegments.Add(segment);
        }
    }

    private void ForgetTransient(string segment)
    {
        lock (_stateLock)
        {
            _transientSegments.Remove(segment);
        }
    }

    private async Task DeleteTransientSegmentsAsync()
    {
        string[] segments;
        lock (_stateLock)
        {
            segments = [.. _transientSegments];
            _transientSegments.Clear();
        }
        foreach (var segment in segments)
        {
            try
            {
                await _store.DeleteAsync(segment).ConfigureAwait(false);
            }
            catch (Contracts.Exceptions.StreamSegmentNotExistsException)
            {
                // Merged or deleted by the client already.
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                ServerLog.TransientDeleteFailed(_logger, e, Id, segment);
            }
        }
    }

    private string StackTrace(Exception e) => _replyWithStackTrace ? e.ToString() : string.Empty;

    private static ReadOnlySequence<byte> Sequence(ReadOnlyMemory<byte> memory) => new(memory);
}
