using Pravega.Perf.LoadHarness.Reporting;

namespace Pravega.Perf.LoadHarness.Run;

/// <summary>
/// The latency histograms of one run, shared by its producers and consumers. Write latency is counted from the
/// actual send and, separately, from the intended (scheduled) send: the second includes publish delay, so a system
/// that falls behind the requested rate cannot hide it (no coordinated omission).
/// </summary>
internal sealed class RunRecorders
{
    /// <summary>Ack − actual send.</summary>
    public LatencyRecorder Write { get; } = new();

    /// <summary>Ack − intended send.</summary>
    public LatencyRecorder WriteFromIntended { get; } = new();

    /// <summary>Actual send − intended send.</summary>
    public LatencyRecorder PublishDelay { get; } = new();

    /// <summary>Consumer receive − intended send.</summary>
    public LatencyRecorder EndToEnd { get; } = new();

    /// <summary>Drops everything recorded so far (the end of the warm-up).</summary>
    public void Reset()
    {
        Write.Reset();
        WriteFromIntended.Reset();
        PublishDelay.Reset();
        EndToEnd.Reset();
    }
}
