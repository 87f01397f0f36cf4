using System.Buffers;
using System.Diagnostics;
using Pravega.Perf.Wire.Commands;

namespace Pravega.Perf.LoadHarness.Raw;

internal sealed partial class RawConnection
{
    /// <summary>
    /// Sends blocks until the run stops. Unthrottled, each pass fills the free window; throttled, each pass sends
    /// the events that fell due since the last (ticks of about 1 ms), so events due together share a block, as a
    /// client batching within its 20 ms window would. A pass spreads its events evenly over the sessions, starting
    /// where the last pass stopped, so a connection with many sessions writes all its segments at the same rate.
    /// </summary>
    /// <param name="rate">This connection's share of the run's events/s; 0 = unthrottled.</param>
    public async Task SendLoopAsync(double rate)
    {
        var template = _run.Template;
        var framed = template.FramedEventSize;
        var window = _run.Window;
        using var timer = rate > 0 ? new PeriodicTimer(TimeSpan.FromMilliseconds(1)) : null;
        var started = Now();
        long generated = 0;
        var cursor = 0;
        var sessions = _sessions.Count;
        try
        {
            while (!_run.Stopping)
            {
                var budget = long.MaxValue;
                if (timer is not null)
                {
                    var due = (long)(Stopwatch.GetElapsedTime(started).TotalSeconds * rate);
                    budget = due - generated;
                    if (budget <= 0)
                    {
                        await timer.WaitForNextTickAsync(_run.Abort.Token).ConfigureAwait(false);
                        continue;
                    }
                }
                var roomEvents = (window - Volatile.Read(ref _inflightBytes)) / framed;
                if (roomEvents <= 0)
                {
                    await _windowOpened.WaitAsync().ConfigureAwait(false);
                    continue;
                }
                budget = Math.Min(budget, roomEvents);
                var perSession = budget / sessions;
                var extra = (int)(budget % sessions);
                for (var i = 0; i < sessions; i++)
                {
                    var events = perSession + (i < extra ? 1 : 0);
                    if (events == 0)
                    {
                        break;
                    }
                    var session = _sessions[(cursor + i) % sessions];
                    while (events > 0)
                    {
                        var count = (int)Math.Min(events, template.MaxEventsPerBlock);
                        var bytes = count * framed;
                        if (_send.Free < bytes + BlockOverhead + CodecSlack)
                        {
                            await FlushAsync().ConfigureAwait(false);
                        }
                        EncodeBlock(session, count, bytes);
                        events -= count;
                        generated += count;
                    }
                }
                cursor = (cursor + extra) % sessions;
                await FlushAsync().ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (_run.Abort.IsCancellationRequested)
        {
            // The run failed elsewhere; its failure is already recorded.
        }
        catch (Exception e)
        {
            _run.Fail($"connection {Index}: send failed: {e.GetType().Name}: {e.Message}");
        }
    }

    /// <summary>
    /// Sends one event on every session and waits for the acks: this makes every container the sessions reach
    /// open its WAL (and lay out its first files) before the load starts.
    /// </summary>
    public async Task PrimeAsync(CancellationToken cancellationToken)
    {
        var framed = _run.Template.FramedEventSize;
        foreach (var session in _sessions)
        {
            if (_send.Free < framed + BlockOverhead + CodecSlack)
            {
                await FlushAsync().ConfigureAwait(false);
            }
            EncodeBlock(session, 1, framed);
        }
        await FlushAsync().ConfigureAwait(false);
        while (Volatile.Read(ref _inflightBytes) > 0)
        {
            await Task.Delay(10, cancellationToken).ConfigureAwait(false);
        }
    }

    private void EncodeBlock(WriterSession session, int events, int bytes)
    {
        long lastEventNumber;
        lock (_lock)
        {
            // Registered before the bytes leave, so an ack can never arrive for a block we do not know yet.
            lastEventNumber = session.AddBlock(events, bytes, Now());
        }
        Interlocked.Add(ref _inflightBytes, bytes);
        new AppendBlock(session.WriterId, _run.Template.Events(events)).WriteTo(_send);
        new AppendBlockEnd(session.WriterId, bytes, ReadOnlySequence<byte>.Empty, events, lastEventNumber, session.RequestId).WriteTo(_send);
    }
}
