namespace Pravega.Perf.LoadHarness.Raw;

/// <summary>One raw-protocol load: what to send, how much at once, and for how long.</summary>
/// <param name="Scenario">Label in progress lines and tables.</param>
/// <param name="EventSize">Payload bytes per event (8 bytes of framing come on top).</param>
/// <param name="Writers">Logical writers; see <see cref="Sessions"/>.</param>
/// <param name="Segments">Segments created and written.</param>
/// <param name="Duration">Measured interval.</param>
/// <param name="Warmup">Load before the measured interval, not counted.</param>
/// <param name="Connections">TCP connections; writers are spread over them round-robin (default: one per writer).</param>
/// <param name="Rate">Total events/s over all writers; 0 = as fast as the in-flight window allows.</param>
/// <param name="InflightBytes">Framed event bytes sent but not acknowledged, per connection (at least two events).</param>
/// <param name="MaxBlockBytes">Largest APPEND_BLOCK payload; Pravega's client caps it at 2 × 256 KiB − 1024.</param>
internal sealed record RawSettings(
    string Scenario,
    int EventSize,
    int Writers,
    int Connections,
    int Segments,
    TimeSpan Duration,
    TimeSpan Warmup,
    long Rate,
    long InflightBytes,
    int MaxBlockBytes = RawSettings.PravegaMaxBatchSize)
{
    public const int PravegaMaxBatchSize = (2 * 256 * 1024) - 1024;

    public const long DefaultInflightBytes = 4L << 20;

    /// <summary>How long the end of a run waits for the acks of what was sent.</summary>
    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Append sessions: one per (writer, segment) pair that the writer writes to.</summary>
    public int Sessions => Math.Max(Writers, Segments);

    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(EventSize);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(EventSize, 8 << 20);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Writers);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Connections);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Connections, Writers);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Segments);
        ArgumentOutOfRangeException.ThrowIfNegative(Rate);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(InflightBytes);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxBlockBytes, 1024);
        if (Duration <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(Duration), Duration, "must be positive");
        }
    }
}
