using System.Diagnostics;
using Pravega.Perf.Client.Writers;
using Pravega.Perf.LoadHarness.Reporting;

namespace Pravega.Perf.LoadHarness.ClientLoad;

/// <summary>
/// One writer's load through the client library: <c>WriteEventAsync</c> as fast as its window of unacknowledged
/// events allows, cycling over routing keys that land on its segments. The writer returns one task per batch, so
/// latency is recorded per batch for the events it carried (write call → batch acknowledged), from a ring of write
/// timestamps: nothing is allocated per event here either.
/// </summary>
internal sealed class ClientWriterLoop
{
    private readonly EventStreamWriter<byte[]> _writer;
    private readonly string[] _keys;
    private readonly byte[] _payload;
    private readonly int _window;
    private readonly long[] _timestamps;
    private readonly LatencyRecorder _latency;
    private readonly Queue<(Task Batch, long Last)> _batches = new();
    private long _acked;
    private long _sent;
    private long _trackedUpTo;
    private Exception? _failure;

    public ClientWriterLoop(EventStreamWriter<byte[]> writer, string[] keys, int eventSize, long inflightBytes, LatencyRecorder latency)
    {
        _writer = writer;
        _keys = keys;
        _payload = new byte[eventSize];
        Random.Shared.NextBytes(_payload);
        _window = (int)Math.Max(2, inflightBytes / (eventSize + 8));
        _timestamps = new long[(int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)_window * 2)];
        _latency = latency;
    }

    public long Acked => Volatile.Read(ref _acked);

    public long Sent => Volatile.Read(ref _sent);

    public Exception? Failure => Volatile.Read(ref _failure);

    public async Task RunAsync(CancellationToken stop)
    {
        var mask = _timestamps.Length - 1;
        Task? current = null;
        var key = 0;
        try
        {
            while (!stop.IsCancellationRequested && Failure is null)
            {
                var seq = _sent;
                if (seq - Acked >= _window)
                {
                    if (current is not null)
                    {
                        Track(current, seq);
                        current = null;
                    }
                    await _batches.Peek().Batch.ConfigureAwait(false);
                    while (_batches.TryPeek(out var head) && head.Batch.IsCompleted)
                    {
                        _batches.Dequeue();
                    }
                    continue;
                }
                _timestamps[seq & mask] = Stopwatch.GetTimestamp();
                var batch = _writer.WriteEventAsync(_keys[key], _payload, CancellationToken.None);
                key = key + 1 == _keys.Length ? 0 : key + 1;
                if (!ReferenceEquals(batch, current))
                {
                    if (current is not null)
                    {
                        Track(current, seq);
                    }
                    current = batch;
                }
                Volatile.Write(ref _sent, seq + 1);
            }
        }
        finally
        {
            if (current is not null)
            {
                Track(current, _sent);
            }
        }
        await Task.WhenAll(_batches.Select(b => b.Batch)).ConfigureAwait(false);
    }

    /// <summary>Events up to <paramref name="end"/> (exclusive) not yet tracked belong to <paramref name="batch"/>.</summary>
    private void Track(Task batch, long end)
    {
        var first = _trackedUpTo;
        _trackedUpTo = end;
        // The queue holds the continuation, not the batch: awaiting it means its events are counted.
        var counted = batch.ContinueWith(static (t, state) =>
        {
            var (loop, from, to) = ((ClientWriterLoop, long, long))state!;
            loop.Completed(t, from, to);
        }, (this, first, end), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        _batches.Enqueue((counted, end));
    }

    private void Completed(Task batch, long from, long to)
    {
        if (!batch.IsCompletedSuccessfully)
        {
            Interlocked.CompareExchange(ref _failure, batch.Exception?.InnerException ?? new OperationCanceledException(), null);
            return;
        }
        var now = Stopwatch.GetTimestamp();
        var mask = _timestamps.Length - 1;
        for (var i = from; i < to; i++)
        {
            _latency.Record(now - _timestamps[i & mask], 1);
        }
        // Batches complete in order per segment, not across segments: count what this one carried.
        Interlocked.Add(ref _acked, to - from);
    }
}
