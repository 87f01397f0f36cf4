using Pravega.Perf.LoadHarness.Reporting;

namespace Pravega.Perf.LoadHarness.Run;

/// <summary>Everything one <c>run</c> measured, before it becomes <c>result.json</c>, <c>result.csv</c> and the plot.</summary>
/// <remarks>
/// <para><c>MeasuredEvents</c>: Events acknowledged in the measured window (read, in read mode).</para>
/// <para><c>EndToEnd</c>: Null unless consumers measured it (e2e mode).</para>
/// <para><c>ServerDisk</c>: What the server wrote to disk in the measured window; null unless the harness started the
/// server and can read its counters (write and e2e modes).</para>
/// </remarks>
internal sealed record RunOutcome(
    string Driver,
    string Durability,
    RunSettings Settings,
    double MeasuredSeconds,
    long MeasuredEvents,
    LatencySummary? Write,
    LatencySummary? WriteFromIntended,
    LatencySummary? EndToEnd,
    LatencySummary? PublishDelay,
    Verdict Verdict,
    long Errors,
    IReadOnlyList<IntervalSample> Intervals,
    string? Error,
    ServerDiskWrites? ServerDisk = null)
{
    public double EventsPerSecond => MeasuredSeconds > 0 ? MeasuredEvents / MeasuredSeconds : 0;

    public double MbPerSecond => EventsPerSecond * Settings.EventSize / 1e6;
}

/// <summary>Bytes the server wrote to disk in a run's measured window against the payload acknowledged in it.</summary>
/// <remarks>The two are counted over the same wall-clock window, so work that lags the acks (Tier-2 flushes, spare WAL
/// files laid out ahead of need) may fall on either side of its edges: read a short run's figure as approximate.</remarks>
internal sealed record ServerDiskWrites(long WrittenBytes, long PayloadBytes)
{
    /// <summary>Disk bytes per payload byte; 0 when no payload was acknowledged.</summary>
    public double WriteAmplification => PayloadBytes > 0 ? (double)WrittenBytes / PayloadBytes : 0;
}
