using System.Diagnostics;

namespace Pravega.Perf.Cli.Verbs;

/// <summary>
/// A live "count, rate" line on stderr for long work, redrawn a few times a second, only when stderr is a terminal:
/// redirected output (scripts, tests, logs) stays clean. The worker only bumps a counter; a timer draws.
/// </summary>
internal sealed class ProgressLine : IAsyncDisposable
{
    private readonly string _verb;
    private readonly long? _total;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly PeriodicTimer? _timer;
    private readonly Task _drawing = Task.CompletedTask;
    private long _count;

    public ProgressLine(string verb, long? total)
    {
        _verb = verb;
        _total = total;
        if (!Console.IsErrorRedirected)
        {
            _timer = new PeriodicTimer(TimeSpan.FromMilliseconds(250));
            _drawing = DrawAsync(_timer);
        }
    }

    public long Count => Volatile.Read(ref _count);

    public TimeSpan Elapsed => _clock.Elapsed;

    public void Add(long events) => Interlocked.Add(ref _count, events);

    private async Task DrawAsync(PeriodicTimer timer)
    {
        while (await timer.WaitForNextTickAsync().ConfigureAwait(false))
        {
            Console.Error.Write($"\r{Text()}   ");
        }
    }

    private string Text()
    {
        var count = Count;
        var rate = count / Math.Max(_clock.Elapsed.TotalSeconds, 1e-3);
        var of = _total is { } total ? $" of {total:N0}" : "";
        return $"{_verb}: {count:N0}{of} events, {rate:N0} events/s, {_clock.Elapsed.TotalSeconds:F1} s";
    }

    public async ValueTask DisposeAsync()
    {
        if (_timer is null)
        {
            return;
        }
        _timer.Dispose();
        await _drawing.ConfigureAwait(false);
        await Console.Error.WriteLineAsync($"\r{Text()}   ").ConfigureAwait(false);
    }
}
