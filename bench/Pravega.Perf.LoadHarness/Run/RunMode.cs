namespace Pravega.Perf.LoadHarness.Run;

/// <summary>What the <c>run</c> verb measures.</summary>
internal enum RunMode
{
    /// <summary>Producers only: write throughput and ack latency; the verdict is acked = sent.</summary>
    Write,

    /// <summary>Catch-up: write the events first, then time consumers reading them from history.</summary>
    Read,

    /// <summary>Producers and consumers together: end-to-end latency from the payload's send time, measured at the consumer.</summary>
    E2e,
}
