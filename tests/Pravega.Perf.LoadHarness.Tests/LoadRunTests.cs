using Pravega.Perf.LoadHarness.Run;
using Pravega.Perf.LoadHarness.Tests.Fakes;

namespace Pravega.Perf.LoadHarness.Tests;

/// <summary>The run verb against the in-memory driver: rate control, publish delay, the e2e and catch-up paths.</summary>
public sealed class LoadRunTests
{
    [Fact]
    public async Task ARateTheSystemSustainsIsMetWithinFivePercent()
    {
        var settings = new RunSettings(RunMode.Write, Producers: 2, Consumers: 0, Partitions: 2, EventSize: 100, Keys: 8, Rate: 2000,
            Duration: TimeSpan.FromSeconds(2), Warmup: TimeSpan.FromSeconds(0.5));
        var outcome = await RunAsync(new FakeDriver(), settings);
        Assert.True(outcome.Verdict.Ok, $"verdict: {outcome.Verdict}, error {outcome.Error}");
        Assert.InRange(outcome.EventsPerSecond, 1900, 2100);
    }

    [Fact]
    public async Task PublishDelayGrowsWhenTheProducerBlocks()
    {
        // 500 events/s asked of a producer that accepts one event per 10 ms (100/s at most): the schedule runs away.
        var settings = new RunSettings(RunMode.Write, 1, 0, 1, 100, 4, Rate: 500, Duration: TimeSpan.FromSeconds(2), Warmup: TimeSpan.Zero);
        var outcome = await RunAsync(new FakeDriver { SendDelay = TimeSpan.FromMilliseconds(10) }, settings);
        Assert.True(outcome.Verdict.Ok, $"verdict: {outcome.Verdict}, error {outcome.Error}");
        Assert.True(outcome.EventsPerSecond < 400, $"{outcome.EventsPerSecond} events/s from a producer that cannot do more than 100/s");
        // Event n is due at n/500 s but sent at about n/100 s: by the end the delay is over a second.
        Assert.True(outcome.PublishDelay!.MaxMs > 500, $"publish delay max {outcome.PublishDelay.MaxMs} ms");
        Assert.True(outcome.WriteFromIntended!.MaxMs >= outcome.PublishDelay.MaxMs, "latency from the intended time includes the publish delay");
        Assert.True(outcome.Write!.P50Ms < outcome.PublishDelay.P50Ms, "acks themselves are immediate: the delay is before the send");
    }

    [Fact]
    public async Task PublishDelayGrowsWhenAcksAreSlowerThanTheWindowAllows()
    {
        // Ten events in flight, each acked 50 ms after the previous one: at most 20 events/s against 400 asked.
        var settings = new RunSettings(RunMode.Write, 1, 0, 1, 100, 4, Rate: 400, Duration: TimeSpan.FromSeconds(2), Warmup: TimeSpan.Zero, MaxInflight: 10);
        var outcome = await RunAsync(new FakeDriver { AckDelay = TimeSpan.FromMilliseconds(50) }, settings);
        Assert.True(outcome.PublishDelay!.MaxMs > 500, $"publish delay max {outcome.PublishDelay.MaxMs} ms");
        Assert.True(outcome.Verdict.Ok, $"verdict: {outcome.Verdict}, error {outcome.Error}");
    }

    [Fact]
    public async Task EndToEndModeReadsEveryEventInKeyOrder()
    {
        var settings = new RunSettings(RunMode.E2e, Producers: 2, Consumers: 2, Partitions: 4, EventSize: 64, Keys: 16, Rate: 0,
            Duration: TimeSpan.FromSeconds(10), Warmup: TimeSpan.Zero, Events: 5000, KeySkew: 1.1);
        var outcome = await RunAsync(new FakeDriver(), settings);
        Assert.True(outcome.Verdict.Ok, $"verdict: {outcome.Verdict}, error {outcome.Error}");
        Assert.Equal(5000, outcome.Verdict.Written);
        Assert.Equal(5000, outcome.Verdict.Read);
        Assert.Equal(5000, outcome.EndToEnd!.Count);
    }

    [Fact]
    public async Task ReadModeTimesConsumersReadingWhatWasWritten()
    {
        var settings = new RunSettings(RunMode.Read, 1, 1, 2, 100, 4, Rate: 0, Duration: TimeSpan.FromSeconds(10), Warmup: TimeSpan.Zero, Events: 3000);
        var outcome = await RunAsync(new FakeDriver(), settings);
        Assert.True(outcome.Verdict.Ok, $"verdict: {outcome.Verdict}, error {outcome.Error}");
        Assert.Equal(3000, outcome.MeasuredEvents);
        Assert.Null(outcome.EndToEnd);
    }

    private static async Task<RunOutcome> RunAsync(FakeDriver driver, RunSettings settings)
    {
        await using (driver)
        {
            return await new LoadRun(driver, settings, TextWriter.Null).RunAsync(TestContext.Current.CancellationToken);
        }
    }
}
