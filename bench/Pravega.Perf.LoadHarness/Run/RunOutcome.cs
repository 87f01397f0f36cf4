using Pravega.Perf.LoadHarness.Reporting;

namespace Pravega.Perf.LoadHarness.Run;

/// <summary>Everything one <c>run</c> measured, before it becomes <c>result.json</c>, <c>result.csv</c> and the plot.</summary>
/// <remarks>
/// <para><c>MeasuredEvents</c>: Events acknowledged in the measured window (read, in read mode).</para>
/// <para><c>EndToEnd</c>: Null unless consumers measured it (e2e mode).</para>
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
    string? Error)
{
    public double EventsPerSecond => MeasuredSeconds > 0 ? MeasuredEvents / MeasuredSeconds : 0;

    public double MbPerSecond => EventsPerSecond * Settings.EventSize / 1e6;
}
