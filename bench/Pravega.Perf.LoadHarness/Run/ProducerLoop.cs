using System.Diagnostics;
using System.Numerics;
using Pravega.Perf.LoadHarness.Drivers;

namespace Pravega.Perf.LoadHarness.Run;

/// <summary>
/// One producer's load. Throttled, it follows an open-loop schedule: event i is due at start + i / rate, whatever
/// happened to the previous ones, so a stalled system shows as publish delay (actual − intended send) and as latency
/// from the intended time, instead of silently lowering the offered rate. Unthrottled, events go as fast as the
/// window of unacknowledged events allows. Acks are recorded per event from a ring of send times (the driver may
/// return one task for a batch); nothing is allocated per event here.
/// </summary>
internal sealed class ProducerLoop
{
    private readonly ILoadProducer _producer;
    private readonly int _index;
    private readonly RunSettings _settings;
    private readonly RunRecorders _recorders;
    private readonly KeyChooser _chooser;
    private readonly string[] _keyNames;
    private readonly long[] _keyCounts;
    private readonly byte[] _payload;
    private readonly long[] _actual;
    private readonly long[] _intended;
    private readonly long _limit;
    private readonly Queue<Task> _pending = new();
    private long _sent;
    private long _acked;
    private long _errors;
    private long _trackedUpTo;
    private Exception? _failure;

    public ProducerLoop(ILoadProducer producer, int index, RunSettings settings, RunRecorders recorders, string[] keyNames)
    {
        _producer = producer;
        _index = index;
        _settings = settings;
        _recorders = recorders;
        _keyNames = keyNames;
        _keyCounts = new long[keyNames.Length];
        _chooser = new KeyChooser(keyNames.Length, settings.KeySkew, seed: 7919 * (index + 1));
        _payload = new byte[settings.EventSize];
        new Random(index).NextBytes(_payload);
        var ring = (int)BitOperations.RoundUpToPowerOf2((uint)settings.MaxInflight * 2);
        _actual = new long[ring];
        _intended = new long[ring];
        _limit = settings.Events == 0 ? long.MaxValue : settings.Events / settings.Producers + (index < settings.Events % settings.Producers ? 1 : 0);
    }

    public long Sent => Volatile.Read(ref _sent);

    public long Acked => Volatile.Read(ref _acked);

    public long Errors => Volatile.Read(ref _errors);

    public Exception? Failure => Volatile.Read(ref _failure);

    /// <summary>Events written under each key (sequence numbers 0 .. n-1); read once the loop has finished.</summary>
    public IReadOnlyList<long> KeyCounts => _keyCounts;

    /// <summary>Writes until <paramref name="stop"/>, the event limit or a failure, then waits for every ack.</summary>
    /// <remarks>
    /// <para><c>start</c>: Stopwatch time the schedule starts from (shared by all producers).</para>
    /// </remarks>
    public async Task RunAsync(long start, CancellationToken stop)
    {
        var mask = _actual.Length - 1;
        // Producers interleave: producer p's events are due p / rate after the shared start's slots.
        var ticksPerEvent = _settings.Rate > 0 ? Stopwatch.Frequency * (double)_settings.Producers / _settings.Rate : 0;
        var offset = _settings.Rate > 0 ? (long)(Stopwatch.Frequency * _index / _settings.Rate) : 0;
        Task? current = null;
        try
        {
            for (var seq = 0L; seq < _limit && !stop.IsCancellationRequested && Failure is null; seq++)
            {
                while (seq - Acked - Errors >= _settings.MaxInflight)
                {
                    Track(current, seq);
                    current = null;
                    await _pending.Peek().ConfigureAwait(false);
                    while (_pending.TryPeek(out var head) && head.IsCompleted)
                    {
                        _ = _pending.Dequeue();
                    }
                }
                long intended;
                if (ticksPerEvent > 0)
                {
                    intended = start + offset + (long)(seq * ticksPerEvent);
                    // Events due within the next millisecond go now (timers are no finer): they are at most 1 ms early.
                    var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), intended);
                    if (wait > TimeSpan.FromMilliseconds(1))
                    {
                        Track(current, seq);
                        current = null;
                        await Task.Delay(wait - TimeSpan.FromMilliseconds(1), stop).ConfigureAwait(false);
                    }
                }
                var now = Stopwatch.GetTimestamp();
                intended = ticksPerEvent > 0 ? Math.Min(start + offset + (long)(seq * ticksPerEvent), now) : now;
                var key = _chooser.Next();
                new EventHeader(_index, key, _keyCounts[key], intended).Write(_payload);
                _actual[seq & mask] = now;
                _intended[seq & mask] = intended;
                if (ticksPerEvent > 0)
                {
                    // Unthrottled, every event is due when sent: no publish delay to speak of.
                    _recorders.PublishDelay.Record(now - intended, 1);
                }
                var inner = await _producer.SendAsync(_keyNames[key], _payload, stop).ConfigureAwait(false);
                _keyCounts[key]++;
                if (!ReferenceEquals(inner, current))
                {
                    Track(current, seq);
                    current = inner;
                }
                Volatile.Write(ref _sent, seq + 1);
                if (inner.IsCompleted)
                {
                    // Acknowledged already (a completed task may be shared by every event): record now, not at the next batch.
                    Track(current, seq + 1);
                    current = null;
                }
                if (_settings.FlushEvery > 0 && (seq + 1) % _settings.FlushEvery == 0)
                {
                    Track(current, seq + 1);
                    current = null;
                    await _producer.FlushAsync(stop).ConfigureAwait(false);
                }
            }
        }
        catch (Exception) when (stop.IsCancellationRequested)
        {
            // The run is over (drivers report a cancelled call in their own exception types, e.g. gRPC's Cancelled):
            // the event being sent was not accepted; what was sent is still waited for below.
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Interlocked.CompareExchange(ref _failure, e, null);
        }
        Track(current, Sent);
        try
        {
            await _producer.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The events it concerns fail their acks too; the first failure is what the run reports.
            Interlocked.CompareExchange(ref _failure, e, null);
        }
        await Task.WhenAll(_pending).ConfigureAwait(false);
    }

    /// <summary>Events sent up to <paramref name="end"/> (exclusive) not yet tracked belong to <paramref name="batch"/>.</summary>
    private void Track(Task? batch, long end)
    {
        if (batch is null || end == _trackedUpTo)
        {
            return;
        }
        var first = _trackedUpTo;
        _trackedUpTo = end;
        // The queue holds the continuation, not the batch: once it completed, the batch's events are counted.
        _pending.Enqueue(batch.ContinueWith(static (t, state) =>
        {
            var (loop, from, to) = ((ProducerLoop, long, long))state!;
            loop.Completed(t, from, to);
        }, (this, first, end), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default));
    }

    private void Completed(Task batch, long from, long to)
    {
        if (!batch.IsCompletedSuccessfully)
        {
            Interlocked.Add(ref _errors, to - from);
            Interlocked.CompareExchange(ref _failure, batch.Exception?.InnerException ?? new OperationCanceledException("an ack was cancelled"), null);
            return;
        }
        var now = Stopwatch.GetTimestamp();
        var mask = _actual.Length - 1;
        for (var i = from; i < to; i++)
        {
            _recorders.Write.Record(now - _actual[i & mask], 1);
            _recorders.WriteFromIntended.Record(now - _intended[i & mask], 1);
        }
        Interlocked.Add(ref _acked, to - from);
    }
}
