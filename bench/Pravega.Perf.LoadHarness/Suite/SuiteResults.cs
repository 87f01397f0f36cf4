using Pravega.Perf.LoadHarness.Reporting;

namespace Pravega.Perf.LoadHarness.Suite;

/// <summary>Everything one suite run measured: the fio ceiling and the three groups of loads.</summary>
internal sealed record SuiteResults(
    FioFigures? Fio,
    IReadOnlyList<RunResult> Matrix,
    IReadOnlyList<RunResult> Throttled,
    IReadOnlyList<RunResult> Sweep)
{
    public double? FioMBps => Fio?.WriteMBps;

    public IReadOnlyList<RunResult> All => [.. Matrix, .. Throttled, .. Sweep];
}
