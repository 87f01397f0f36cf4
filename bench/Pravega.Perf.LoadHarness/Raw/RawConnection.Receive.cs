using System.Buffers;
using System.Net.Sockets;
using Pravega.Perf.Wire;
using Pravega.Perf.Wire.Commands;

namespace Pravega.Perf.LoadHarness.Raw;

internal sealed partial class RawConnection
{
    private async Task ReceiveLoopAsync()
    {
        var buffer = new byte[64 << 10];
        var start = 0;
        var end = 0;
        try
        {
            while (true)
            {
                if (end == buffer.Length)
                {
                    if (start > 0)
                    {
                        Buffer.BlockCopy(buffer, start, buffer, 0, end - start);
                        end -= start;
                        start = 0;
                    }
                    else
                    {
                        // One reply larger than the buffer (an error with a long stack trace): grow, rarely.
                        Array.Resize(ref buffer, buffer.Length * 2);
                    }
                }
                var received = await _socket.ReceiveAsync(buffer.AsMemory(end), SocketFlags.None, _run.Abort.Token).ConfigureAwait(false);
                if (received == 0)
                {
                    if (Volatile.Read(ref _closing) == 0)
                    {
                        FailAll("the segment store closed the connection");
                    }
                    return;
                }
                end += received;
                var input = new ReadOnlySequence<byte>(buffer, start, end - start);
                while (FrameReader.TryReadFrame(input, out var frame))
                {
                    Handle(frame);
                    input = input.Slice(frame.End);
                }
                start = end - (int)input.Length;
                if (start == end)
                {
                    start = end = 0;
                }
            }
        }
        catch (Exception e) when (Volatile.Read(ref _closing) != 0 || _run.Abort.IsCancellationRequested)
        {
            // Closing: the socket was shut down under the pending receive.
            _ = e;
        }
        catch (Exception e)
        {
            FailAll($"receive failed: {e.GetType().Name}: {e.Message}");
        }
    }

    private void Handle(in Frame frame)
    {
        var payload = frame.Payload;
        switch (frame.Type)
        {
            case WireCommandType.DataAppended:
                OnDataAppended(DataAppended.Read(payload));
                break;
            case WireCommandType.Hello:
                _hello.TrySetResult(Hello.Read(payload));
                break;
            case WireCommandType.KeepAlive:
                break;
            case WireCommandType.AppendSetup:
                var setup = AppendSetup.Read(payload);
                Complete(setup.RequestId, setup.LastEventNumber);
                break;
            case WireCommandType.NoSuchSegment:
                var noSuch = NoSuchSegment.Read(payload);
                Reject(noSuch.RequestId, $"NO_SUCH_SEGMENT {noSuch.Segment}");
                break;
            case WireCommandType.WrongHost:
                var wrongHost = WrongHost.Read(payload);
                Reject(wrongHost.RequestId, $"WRONG_HOST {wrongHost.Segment} (correct host '{wrongHost.CorrectHost}')");
                break;
            case WireCommandType.SegmentIsSealed:
                var sealedReply = SegmentIsSealed.Read(payload);
                Reject(sealedReply.RequestId, $"SEGMENT_IS_SEALED {sealedReply.Segment} at {sealedReply.Offset}");
                break;
            case WireCommandType.InvalidEventNumber:
                var invalid = InvalidEventNumber.Read(payload);
                Reject(invalid.RequestId, $"INVALID_EVENT_NUMBER writer {invalid.WriterId} event {invalid.EventNumber}");
                break;
            case WireCommandType.ErrorMessage:
                var error = ErrorMessage.Read(payload);
                Reject(error.RequestId, $"ERROR_MESSAGE {error.Segment}: {error.Message} (code {error.ErrorCode})");
                break;
            case WireCommandType.OperationUnsupported:
                var unsupported = OperationUnsupported.Read(payload);
                Reject(unsupported.RequestId, $"OPERATION_UNSUPPORTED {unsupported.OperationName}");
                break;
            default:
                FailAll($"unexpected reply {WireCommandTypes.GetName(frame.Type)}");
                break;
        }
    }

    private void OnDataAppended(in DataAppended ack)
    {
        if (!_byWriter.TryGetValue(ack.WriterId, out var session))
        {
            FailAll($"DATA_APPENDED for unknown writer {ack.WriterId}");
            return;
        }
        var now = Now();
        var measureEnd = _run.MeasureEndTimestamp;
        long freed = 0;
        long events = 0;
        string? impossible = null;
        lock (_lock)
        {
            if (!session.TryAcknowledge(ack.EventNumber))
            {
                impossible = $"DATA_APPENDED for event {ack.EventNumber} of writer {ack.WriterId}, but {session.LastAckedEventNumber} was acked and {session.LastSentEventNumber} sent";
            }
            while (session.TryTakeAcknowledged(out var block))
            {
                freed += block.Bytes;
                events += block.Events;
                if (block.SentTimestamp < measureEnd)
                {
                    _run.Latency.Record(now - block.SentTimestamp, block.Events);
                }
            }
        }
        if (impossible is not null)
        {
            FailAll(impossible);
            return;
        }
        Interlocked.Add(ref _ackedEvents, events);
        Interlocked.Add(ref _ackedPayloadBytes, events * _run.Settings.EventSize);
        Interlocked.Add(ref _inflightBytes, -freed);
        _windowOpened.Set();
    }

    private void Complete(long requestId, long value)
    {
        TaskCompletionSource<long>? reply;
        lock (_lock)
        {
            _pending.Remove(requestId, out reply);
        }
        if (reply is null)
        {
            FailAll($"reply to unknown request {requestId}");
            return;
        }
        reply.TrySetResult(value);
    }

    /// <summary>An error reply: fails its request if one waits for it, otherwise it is about an append and fails the run.</summary>
    private void Reject(long requestId, string message)
    {
        TaskCompletionSource<long>? reply;
        lock (_lock)
        {
            _pending.Remove(requestId, out reply);
        }
        if (reply is not null)
        {
            reply.TrySetException(new InvalidOperationException($"connection {Index}: {message}"));
        }
        else
        {
            FailAll(message);
        }
    }

    private void FailAll(string message)
    {
        var text = $"connection {Index}: {message}";
        _run.Fail(text);
        _hello.TrySetException(new InvalidOperationException(text));
        List<TaskCompletionSource<long>> pending;
        lock (_lock)
        {
            pending = [.. _pending.Values];
            _pending.Clear();
        }
        foreach (var reply in pending)
        {
            reply.TrySetException(new InvalidOperationException(text));
        }
        _windowOpened.Set();
    }
}
