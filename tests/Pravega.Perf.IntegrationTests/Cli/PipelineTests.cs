using Pravega.Perf.Client;
using Pravega.Perf.Client.Admin;
using Pravega.Perf.Client.Readers;
using Pravega.Perf.Client.Streams;
using Pravega.Perf.Client.Writers;
using Pravega.Perf.IntegrationTests.Helpers;
using static Pravega.Perf.IntegrationTests.Helpers.ControllerHarness;

namespace Pravega.Perf.IntegrationTests.Cli;

/// <summary>
/// <c>pravega demo pipeline</c> as a separate process, SIGKILLed at seeded-random moments while its input is being
/// filled, and the standalone SIGKILLed once in the middle: the output holds every transformed input event exactly
/// once, in per-key order (issue 15, "Prove it").
/// </summary>
public sealed class PipelineTests
{
    private const int Seed = 15;
    private const int Keys = 8;
    private const int Phases = 6;              // one pipeline SIGKILL at the end of each
    private const int EventsPerPhase = 300;
    private const int StandaloneKillPhase = 2; // the standalone dies, with the pipeline running, at the end of this phase

    [Fact]
    [Trait("Category", "Cli")]
    public async Task The_output_holds_every_transformed_input_event_exactly_once_in_key_order_across_kills()
    {
        var random = new Random(Seed);
        var directory = Directory.CreateTempSubdirectory("pravega-pipeline-").FullName;
        PravegaProcess? standalone = null, pipeline = null;
        try
        {
            var port = PravegaProcess.FreePort();
            standalone = await PravegaProcess.StartStandaloneAsync(directory, port, PravegaProcess.FreePort(), Token);
            await using (var streams = new StreamManager(Client(port)))
            {
                await streams.CreateScopeAsync("pipe", Token);
                await streams.CreateStreamAsync("pipe", "a", new StreamConfiguration { Scaling = ScalingPolicy.Fixed(3) }, Token);
                await streams.CreateStreamAsync("pipe", "b", new StreamConfiguration { Scaling = ScalingPolicy.Fixed(2) }, Token);
            }

            var sequence = new int[Keys];
            var outputs = new List<string>();
            for (var phase = 0; phase < Phases; phase++)
            {
                pipeline = StartPipeline(port);
                // The filler writes this phase's events over a few seconds while the pipeline starts, recovers and runs;
                // the kill lands anywhere in the first 2.5 s after recovery (a process start alone takes seconds here).
                var filling = FillAsync(port, sequence, EventsPerPhase, random.Next(1500, 3000));
                await RecoveredAsync(pipeline);
                await Task.Delay(random.Next(100, 2500), Token);
                if (phase == StandaloneKillPhase)
                {
                    await filling;
                    standalone.Kill();
                    await standalone.DisposeAsync();
                    await Task.Delay(random.Next(200, 1000), Token);
                    pipeline.Kill();
                    outputs.Add(pipeline.RecentOutput);
                    port = PravegaProcess.FreePort();
                    standalone = await PravegaProcess.StartStandaloneAsync(directory, port, PravegaProcess.FreePort(), Token);
                    continue;
                }
                pipeline.Kill();
                outputs.Add(pipeline.RecentOutput);
                await filling;
            }

            // The last run catches up; then the output (only committed transactions are visible) is read whole.
            pipeline = StartPipeline(port);
            var expected = Enumerable.Range(0, Keys).Select(k => Enumerable.Range(0, sequence[k]).Select(s => $"K{k}:{s}|piped").ToList()).ToList();
            var total = expected.Sum(e => e.Count);
            var read = await ReadOutputAsync(port, total, pipeline);
            var context = $"{read.Count} of {total} events read; pipeline runs:{Environment.NewLine}{string.Join(Environment.NewLine + "--" + Environment.NewLine, outputs)}" +
                $"{Environment.NewLine}-- last run:{Environment.NewLine}{pipeline.RecentOutput}";
            Assert.True(read.Count == total, $"the output holds a wrong number of events: {context}");
            for (var k = 0; k < Keys; k++)
            {
                var ofKey = read.Where(e => e.StartsWith($"K{k}:", StringComparison.Ordinal)).ToList();
                Assert.True(expected[k].SequenceEqual(ofKey), $"key k{k}: expected 0..{expected[k].Count - 1} once each in order, read " +
                    $"[{string.Join(", ", ofKey.Take(40))}…]: {context}");
            }
            // What each run printed (recoveries, checkpoints), for whoever reads the test's log.
            TestContext.Current.TestOutputHelper?.WriteLine(context);
            Assert.True(outputs.Any(o => o.Split(Environment.NewLine).Any(l => l.StartsWith("checkpoint ", StringComparison.Ordinal))),
                $"no killed run got as far as committing a checkpoint: {context}");
        }
        finally
        {
            if (pipeline is not null)
            {
                await pipeline.DisposeAsync();
            }
            if (standalone is not null)
            {
                await standalone.DisposeAsync();
            }
            Directory.Delete(directory, recursive: true);
        }
    }

    private static ClientConfig Client(int port) => new() { ControllerUri = new Uri($"tcp://127.0.0.1:{port}") };

    private static PravegaProcess StartPipeline(int port) => PravegaProcess.Start(
    [
        "demo", "pipeline", "--controller", $"tcp://127.0.0.1:{port}", "--scope", "pipe", "--input", "a", "--output", "b",
        "--checkpoint-interval", "500ms", "--job-name", "upper",
    ]);

    /// <summary>Waits (bounded) until the pipeline has recovered and is reading.</summary>
    private static async Task RecoveredAsync(PravegaProcess pipeline)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!pipeline.RecentOutput.Contains("recovered in", StringComparison.Ordinal))
        {
            Assert.True(DateTime.UtcNow < deadline && !pipeline.HasExited, $"the pipeline did not recover in 30 s:{Environment.NewLine}{pipeline.RecentOutput}");
            await Task.Delay(50, Token);
        }
    }

    /// <summary>Writes <paramref name="count"/> events <c>k{key}:{sequence}</c>, round-robin over the keys, spread over
    /// <paramref name="milliseconds"/>; returns when all are durable.</summary>
    private static async Task FillAsync(int port, int[] sequence, int count, int milliseconds)
    {
        await using var factory = EventStreamClientFactory.WithScope("pipe", Client(port));
        await using var writer = await factory.CreateEventWriterAsync("a", new Utf8StringSerializer(), Token);
        const int Slices = 10;
        for (var slice = 0; slice < Slices; slice++)
        {
            for (var i = 0; i < count / Slices; i++)
            {
                var key = i % Keys;
                _ = writer.WriteEventAsync($"k{key}", $"k{key}:{sequence[key]++}", Token);
            }
            await writer.FlushAsync();
            await Task.Delay(milliseconds / Slices, Token);
        }
    }

    /// <summary>Reads the output until <paramref name="total"/> events arrived (bounded), then a little longer, so that
    /// a duplicate committed late would be seen too.</summary>
    private static async Task<List<string>> ReadOutputAsync(int port, int total, PravegaProcess pipeline)
    {
        var config = Client(port);
        await using (var groups = ReaderGroupManager.WithScope("pipe", config))
        {
            await groups.CreateReaderGroupAsync("verify", ReaderGroupConfig.ForStream(new ScopedStream("pipe", "b")), Token);
        }
        await using var factory = EventStreamClientFactory.WithScope("pipe", config);
        await using var reader = await factory.CreateReaderAsync("verifier", "verify", new Utf8StringSerializer(), Token);
        var events = new List<string>();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(45);
        DateTime? settle = null;
        while (DateTime.UtcNow < (settle ?? deadline) && !pipeline.HasExited)
        {
            var read = await reader.ReadNextEventAsync(TimeSpan.FromMilliseconds(200), Token);
            if (read.HasEvent)
            {
                events.Add(read.Event!);
            }
            if (settle is null && events.Count >= total)
            {
                settle = DateTime.UtcNow + TimeSpan.FromSeconds(2);   // four checkpoint intervals
            }
        }
        return events;
    }
}
