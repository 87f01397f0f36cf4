namespace Pravega.Perf.LoadHarness.Run;

/// <summary>One <c>run</c>: the workload every driver gets the same way.</summary>
/// <remarks>
/// <para><c>Rate</c>: Events/s over all producers; 0 = unthrottled (each producer bounded by <c>MaxInflight</c>).</para>
/// <para><c>Events</c>: Events to write over all producers (0: write for <c>Duration</c>). Read mode needs it or writes for the duration.</para>
/// <para><c>KeySkew</c>: 0: keys uniform; above 0: Zipf exponent.</para>
/// <para><c>FlushEvery</c>: Each producer flushes after this many events (0: never, acks come as the system batches).</para>
/// <para><c>MaxInflight</c>: Unacknowledged events allowed per producer.</para>
/// </remarks>
internal sealed record RunSettings(
    RunMode Mode,
    int Producers,
    int Consumers,
    int Partitions,
    int EventSize,
    int Keys,
    double Rate,
    TimeSpan Duration,
    TimeSpan Warmup,
    long Events = 0,
    double KeySkew = 0,
    int FlushEvery = 0,
    int MaxInflight = 10_000)
{
    /// <summary>How long consumers may go without an event, once producers are done, before the run gives up on the rest.</summary>
    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The topic (stream) name; fresh per run so runs never see each other's events.</summary>
    public string Topic { get; init; } = $"run{Random.Shared.Next():x8}";

    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Producers, 1, "--producers");
        ArgumentOutOfRangeException.ThrowIfLessThan(Partitions, 1, "--topic-partitions");
        ArgumentOutOfRangeException.ThrowIfLessThan(EventSize, EventHeader.Size, "--event-size");
        ArgumentOutOfRangeException.ThrowIfLessThan(Keys, 1, "--keys");
        ArgumentOutOfRangeException.ThrowIfNegative(Rate, "--rate");
        ArgumentOutOfRangeException.ThrowIfNegative(Events, "--events");
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxInflight, 1, "--max-inflight");
        if (Mode != RunMode.Write)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(Consumers, 1, "--consumers");
        }
        if (Events == 0 && Duration <= TimeSpan.Zero)
        {
            throw new ArgumentException("a run needs --duration or --events");
        }
    }
}
