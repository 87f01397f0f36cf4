using System.Diagnostics;
using Pravega.Perf.LoadHarness.Reporting;

namespace Pravega.Perf.LoadHarness.Raw;

/// <summary>What every connection of one run shares: settings, the event template, the latency recorder, the phase, the first failure.</summary>
internal sealed class RawRunState : IDisposable
{
    private long _measureEndTimestamp = long.MaxValue;
    private int _stopping;
    private string? _failure;

    public RawRunState(RawSettings settings)
    {
        Settings = settings;
        Template = new EventBlockTemplate(settings.EventSize, settings.MaxBlockBytes);
        Window = Math.Max(settings.InflightBytes, 2L * Template.FramedEventSize);
    }

    public RawSettings Settings { get; }

    public EventBlockTemplate Template { get; }

    /// <summary>Per-connection in-flight limit in framed bytes.</summary>
    public long Window { get; }

    public LatencyRecorder Latency { get; } = new();

    /// <summary>Cancelled on the first failure, so every loop stops.</summary>
    public CancellationTokenSource Abort { get; } = new();

    public bool Stopping => Volatile.Read(ref _stopping) != 0;

    public string? Failure => Volatile.Read(ref _failure);

    /// <summary>Blocks sent from here on are not part of the measured latency.</summary>
    public long MeasureEndTimestamp => Volatile.Read(ref _measureEndTimestamp);

    public void EndMeasurement() => Volatile.Write(ref _measureEndTimestamp, Stopwatch.GetTimestamp());

    public void Stop() => Volatile.Write(ref _stopping, 1);

    /// <summary>Keeps the first failure and stops the run.</summary>
    public void Fail(string message)
    {
        if (Interlocked.CompareExchange(ref _failure, message, null) is null)
        {
            Stop();
            Abort.Cancel();
        }
    }

    public void Dispose() => Abort.Dispose();
}
