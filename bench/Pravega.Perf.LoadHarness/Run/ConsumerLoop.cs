using System.Diagnostics;
using Pravega.Perf.LoadHarness.Drivers;

namespace Pravega.Perf.LoadHarness.Run;

/// <summary>One consumer: reads until stopped, feeding the verdict and (in e2e mode) the end-to-end latency histogram.</summary>
internal sealed class ConsumerLoop
{
    private readonly ILoadConsumer _consumer;
    private readonly SequenceVerdict _verdict;
    private readonly RunRecorders _recorders;
    private readonly bool _recordEndToEnd;
    private long _read;
    private long _readBytes;
    private long _lastReadTicks = Stopwatch.GetTimestamp();
    private Exception? _failure;

    public ConsumerLoop(ILoadConsumer consumer, SequenceVerdict verdict, RunRecorders recorders, bool recordEndToEnd)
    {
        _consumer = consumer;
        _verdict = verdict;
        _recorders = recorders;
        _recordEndToEnd = recordEndToEnd;
    }

    public long Read => Volatile.Read(ref _read);

    public long ReadBytes => Volatile.Read(ref _readBytes);

    /// <summary>Stopwatch time of the last event read (or of the loop's creation).</summary>
    public long LastReadTicks => Volatile.Read(ref _lastReadTicks);

    public Exception? Failure => Volatile.Read(ref _failure);

    public async Task RunAsync(CancellationToken stop)
    {
        try
        {
            while (!stop.IsCancellationRequested)
            {
                if (await _consumer.ReceiveAsync(stop).ConfigureAwait(false) is not { } consumed)
                {
                    continue;
                }
                var now = Stopwatch.GetTimestamp();
                if (EventHeader.TryRead(consumed.Payload.Span, out var header))
                {
                    _verdict.Observe(header);
                    if (_recordEndToEnd)
                    {
                        _recorders.EndToEnd.Record(now - header.SendTicks, 1);
                    }
                }
                else
                {
                    _verdict.ObserveMalformed();
                }
                Volatile.Write(ref _readBytes, _readBytes + consumed.Payload.Length);
                Volatile.Write(ref _lastReadTicks, now);
                Volatile.Write(ref _read, _read + 1);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The run is over.
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            _failure = e;
        }
    }
}
