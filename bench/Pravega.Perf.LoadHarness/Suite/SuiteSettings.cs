namespace Pravega.Perf.LoadHarness.Suite;

/// <summary>Issue 3's measurement matrix, with every dimension adjustable so a quick run can shrink it.</summary>
internal sealed record SuiteSettings(
    IReadOnlyList<long> EventSizes,
    IReadOnlyList<int> WriterCounts,
    IReadOnlyList<int> SegmentCounts,
    TimeSpan Duration,
    TimeSpan Warmup,
    long InflightBytes,
    int ThrottledEventSize,
    long ThrottledRate,
    IReadOnlyList<int> SweepSegmentCounts,
    int SweepWriters,
    int SweepEventSize,
    long SweepRate,
    bool SkipFio,
    string FioScript,
    string FioSize,
    int FioRuntimeSeconds,
    string ReportDirectory);
