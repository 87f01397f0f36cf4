namespace Pravega.Perf.LoadHarness.Run;

/// <summary>
/// One second of a measured run (<c>result.json</c>'s <c>intervals</c>, one row of <c>result.csv</c>): write acks
/// (events read, in read mode) and the latencies recorded in that second; 0 where nothing was recorded.
/// </summary>
internal sealed record IntervalSample(
    int Second,
    double EventsPerSecond,
    double MbPerSecond,
    double WriteP50,
    double WriteP99,
    double WriteMax,
    long Errors,
    double EndToEndP99,
    double PublishDelayP99);
