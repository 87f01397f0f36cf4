using Pravega.Perf.LoadHarness.Reporting;

namespace Pravega.Perf.LoadHarness.Suite;

/// <summary>Everything one suite run measured: the fio ceiling and the three groups of loads.</summary>
/// <param name="Fio">fio before the matrix.</param>
/// <param name="FioAfter">fio again after all loads: on a shared machine the disk's figure moves a lot.</param>
/// <param name="Matrix">Unthrottled cells: sizes × writers × segments.</param>
/// <param name="Throttled">The fixed-rate latency case.</param>
/// <param name="Sweep">Same total rate over more and more segments.</param>
internal sealed record SuiteResults(
    FioFigures? Fio,
    FioFigures? FioAfter,
    IReadOnlyList<RunResult> Matrix,
    IReadOnlyList<RunResult> Throttled,
    IReadOnlyList<RunResult> Sweep)
{
    /// <summary>What ratios are taken against: the mean of the two fio runs (or the one there is).</summary>
    public double? FioMBps => (Fio, FioAfter) switch
    {
        ({ } before, { } after) => (before.WriteMBps + after.WriteMBps) / 2,
        ({ } before, null) => before.WriteMBps,
        _ => null,
    };

    public IReadOnlyList<RunResult> All => [.. Matrix, .. Throttled, .. Sweep];
}
