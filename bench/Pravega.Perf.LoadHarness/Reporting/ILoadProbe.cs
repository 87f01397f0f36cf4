namespace Pravega.Perf.LoadHarness.Reporting;

/// <summary>What a running load exposes to the progress line: monotonic counters, read from another thread.</summary>
internal interface ILoadProbe
{
    /// <summary>Events acknowledged so far (whole run, warm-up included).</summary>
    long AckedEvents { get; }

    /// <summary>Event payload bytes acknowledged so far.</summary>
    long AckedPayloadBytes { get; }

    /// <summary>Bytes sent but not yet acknowledged.</summary>
    long InflightBytes { get; }

    LatencyRecorder Latency { get; }
}
