using HdrHistogram;

namespace Pravega.Perf.LoadHarness.Reporting;

/// <summary>Ack-latency percentiles of one run, in milliseconds, taken from an HdrHistogram of microseconds.</summary>
/// <remarks>The finer percentiles (p75, p95, p99.99) come last: the <c>run</c> verb's report prints them, older verbs do not.</remarks>
internal sealed record LatencySummary(long Count, double P50Ms, double P99Ms, double P999Ms, double MaxMs, double MeanMs,
    double P75Ms = 0, double P95Ms = 0, double P9999Ms = 0)
{
    public static readonly LatencySummary Empty = new(0, 0, 0, 0, 0, 0);

    public static LatencySummary From(HistogramBase histogram)
    {
        if (histogram.TotalCount == 0)
        {
            return Empty;
        }
        return new LatencySummary(
            histogram.TotalCount,
            ToMs(histogram.GetValueAtPercentile(50)),
            ToMs(histogram.GetValueAtPercentile(99)),
            ToMs(histogram.GetValueAtPercentile(99.9)),
            ToMs(histogram.GetMaxValue()),
            histogram.GetMean() / 1000.0,
            ToMs(histogram.GetValueAtPercentile(75)),
            ToMs(histogram.GetValueAtPercentile(95)),
            ToMs(histogram.GetValueAtPercentile(99.99)));
    }

    private static double ToMs(long micros) => micros / 1000.0;
}
