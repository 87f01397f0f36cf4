namespace Pravega.Perf.LoadHarness.Reporting;

/// <summary>
/// One measured run, whatever drove it (the raw protocol today, the client library later): what was asked, what
/// came out, and whether every sent event was acknowledged.
/// </summary>
/// <param name="Scenario">Short label, e.g. <c>1KiB 16w 16s</c>.</param>
/// <param name="Verb">The harness verb that produced it (<c>raw</c>, …).</param>
/// <param name="EventSize">Payload bytes per event.</param>
/// <param name="Writers">Writers.</param>
/// <param name="Connections">TCP connections the writers used.</param>
/// <param name="Segments">Segments written.</param>
/// <param name="TargetRate">Events/s throttle; 0 means as fast as the window allows.</param>
/// <param name="MeasuredSeconds">Length of the measured interval (after the warm-up).</param>
/// <param name="MeasuredEvents">Events acknowledged within the measured interval.</param>
/// <param name="EventsPerSecond"><paramref name="MeasuredEvents"/> over <paramref name="MeasuredSeconds"/>.</param>
/// <param name="PayloadMBps">Event payload bytes acknowledged per second, in 10^6 bytes (framing not counted).</param>
/// <param name="Latency">Send of an event's block → the DATA_APPENDED covering it, for blocks sent while measuring.</param>
/// <param name="SentEvents">Events sent over the whole run.</param>
/// <param name="AckedEvents">Events acknowledged over the whole run; equals <paramref name="SentEvents"/> when <paramref name="Verified"/>.</param>
/// <param name="Verified">No failure, and every session's acks reached its last sent event number.</param>
/// <param name="RatioToFio">Payload MB/s over fio's fdatasync'd sequential write MB/s, when a baseline was taken.</param>
/// <param name="Error">Why the run failed, if it did.</param>
internal sealed record RunResult(
    string Scenario,
    string Verb,
    int EventSize,
    int Writers,
    int Connections,
    int Segments,
    long TargetRate,
    double MeasuredSeconds,
    long MeasuredEvents,
    double EventsPerSecond,
    double PayloadMBps,
    LatencySummary Latency,
    long SentEvents,
    long AckedEvents,
    bool Verified,
    double? RatioToFio = null,
    string? Error = null);
