using Pravega.Perf.SegmentStore.Contracts.Reading;
using Pravega.Perf.Wire.Commands;

namespace Pravega.Perf.SegmentStore.Server.Connections;

internal sealed partial class ServerConnection
{
    /// <summary>
    /// Reference §2.5: reads min(2 MiB, max(8, suggested)) bytes. A read the store answers at once is replied to
    /// inline; a tail read (long poll) waits apart, so the connection keeps serving appends meanwhile.
    /// </summary>
    private async ValueTask ReadSegmentAsync(ReadSegment request)
    {
        var segment = request.Segment.ToString();
        var length = Math.Clamp(request.SuggestedLength, MinReadLength, MaxReadLength);
        ValueTask<SegmentReadResult> read;
        try
        {
            read = _store.ReadAsync(segment, request.Offset, length, _closing.Token);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            await ReplyErrorAsync(e, "readSegment", request.RequestId, segment, request.Offset).ConfigureAwait(false);
            return;
        }
        if (read.IsCompleted)
        {
            await CompleteReadAsync(read, segment, request.Offset, request.RequestId).ConfigureAwait(false);
            return;
        }
        var tailRead = CompleteReadAsync(read, segment, request.Offset, request.RequestId);
        lock (_stateLock)
        {
            _tailReads.Add(tailRead);
        }
        _ = tailRead.ContinueWith((t, state) =>
        {
            var connection = (ServerConnection)state!;
            lock (connection._stateLock)
            {
                connection._tailReads.Remove(t);
            }
        }, this, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private async Task CompleteReadAsync(ValueTask<SegmentReadResult> read, string segment, long offset, long requestId)
    {
        try
        {
            using var result = await read.ConfigureAwait(false);
            await SendAsync(new SegmentRead(segment, result.Offset, result.AtTail, result.EndOfSegment,
                Sequence(result.Data), requestId)).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_closing.IsCancellationRequested)
        {
            // The connection is closing: like a read index shutting down, answer "nothing yet, at the tail".
            await SendAsync(new SegmentRead(segment, offset, atTail: true, endOfSegment: false, default, requestId))
                .ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            await ReplyErrorAsync(e, "readSegment", requestId, segment, offset).ConfigureAwait(false);
        }
    }
}
