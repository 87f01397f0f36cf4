using System.CommandLine;
using Pravega.Perf.LoadHarness.Drivers;
using Pravega.Perf.LoadHarness.Drivers.Pravega;
using Pravega.Perf.LoadHarness.Hosting;

namespace Pravega.Perf.LoadHarness.Run;

/// <summary>
/// <c>run</c>: one workload against one system through its driver (issue 16): producers on an open-loop schedule,
/// consumers checking every event, per-second lines, then percentiles, a verdict, and result.json / result.csv /
/// result.png in <c>--output-dir</c>.
/// </summary>
internal static class RunCommand
{
    public static Command Build()
    {
        var driver = new Option<string>("--driver") { Description = "System under load: pravega, nats or redis.", DefaultValueFactory = _ => "pravega" };
        driver.AcceptOnlyFromAmong(DriverFactory.Names);
        var mode = new Option<RunMode>("--mode") { Description = "write (acks), read (catch-up: write first, then time reading from history) or e2e (send → consumer).", DefaultValueFactory = _ => RunMode.Write };
        var producers = new Option<int>("--producers") { Description = "Producers (one task and one client writer each).", DefaultValueFactory = _ => 1 };
        var consumers = new Option<int>("--consumers") { Description = "Consumers sharing the topic (read and e2e modes).", DefaultValueFactory = _ => 1 };
        var partitions = new Option<int>("--topic-partitions", "--segments", "--partitions") { Description = "Partitions (segments) of the topic.", DefaultValueFactory = _ => 1 };
        var eventSize = ByteSize.Option("--event-size", $"Event size, header ({EventHeader.Size} B) included.", 100);
        var keys = new Option<int>("--keys") { Description = "Routing keys, chosen uniformly (or by --key-skew).", DefaultValueFactory = _ => 16 };
        var keySkew = new Option<double>("--key-skew") { Description = "Zipf exponent of the key choice (0: uniform; 1: classic Zipf)." };
        var rate = new Option<double>("--rate") { Description = "Events/s over all producers; 0 = unthrottled." };
        var rateMbps = new Option<double>("--rate-mbps") { Description = "The rate in MB/s of payload instead of events/s." };
        var duration = new Option<double>("--duration") { Description = "Measured seconds (with --events: the most it may take).", DefaultValueFactory = _ => 10 };
        var warmup = new Option<double>("--warmup") { Description = "Seconds of load before measuring (duration runs).", DefaultValueFactory = _ => 2 };
        var events = new Option<long>("--events") { Description = "Events to write over all producers instead of writing for --duration (read mode: what is read back)." };
        var flushEvery = new Option<int>("--flush-every") { Description = "Each producer flushes after this many events (0: never)." };
        var maxInflight = new Option<int>("--max-inflight") { Description = "Unacknowledged events allowed per producer.", DefaultValueFactory = _ => 10_000 };
        var maxInflightBytes = ByteSize.Option("--max-inflight-bytes",
            "Unacknowledged bytes allowed per producer (with --max-inflight, the smaller bound wins; at least 2 events). Unthrottled, latency is mostly this window over the throughput.",
            4L << 20);
        var txnEvents = new Option<int>("--txn-events") { Description = "pravega: write through transactions of this many events each." };
        var autoScale = new Option<int>("--auto-scale") { Description = "pravega: an auto-scaling stream, this many events/s per segment (partitions: its minimum)." };
        var watermarkPeriod = new Option<double>("--watermark-period") { Description = "pravega: seconds between the producers' time notes (watermarks); 0: none." };
        var controller = new Option<string?>("--controller") { Description = "pravega: URI of a running controller." };
        var embedded = new Option<bool>("--embedded") { Description = "pravega: spawn a standalone for the run (data under --data-root)." };
        var natsUrl = new Option<string>("--nats-url") { Description = "nats: server URL.", DefaultValueFactory = _ => "nats://127.0.0.1:4222" };
        var redis = new Option<string>("--redis") { Description = "redis: host:port.", DefaultValueFactory = _ => "127.0.0.1:6379" };
        var serverSettings = new Option<string[]>("--server-setting")
        {
            Description = "pravega --embedded: a configuration setting KEY=VALUE for the spawned standalone, passed as --KEY=VALUE (repeatable), e.g. --server-setting SegmentStore:WalSpareFileCount=4.",
        };
        var serverDll = StandaloneRun.ServerDllOption();
        var dataRoot = StandaloneRun.DataRootOption();
        var outputDir = new Option<string>("--output-dir") { Description = "Folder for result.json, result.csv and result.png.", DefaultValueFactory = _ => $"pravega-bench-{DateTime.UtcNow:yyyyMMdd-HHmmss}" };
        var command = new Command("run", "One workload against pravega, nats or redis: throughput, write / end-to-end latency percentiles and publish delay, a correctness verdict, JSON + CSV + PNG.")
        {
            driver, mode, producers, consumers, partitions, eventSize, keys, keySkew, rate, rateMbps, duration, warmup, events, flushEvery, maxInflight,
            maxInflightBytes, txnEvents, autoScale, watermarkPeriod, controller, embedded, natsUrl, redis, serverDll, dataRoot, serverSettings, outputDir,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var size = checked((int)parse.GetValue(eventSize));
            var mbps = parse.GetValue(rateMbps);
            var txn = parse.GetValue(txnEvents);
            var settings = new RunSettings(parse.GetValue(mode), parse.GetValue(producers), parse.GetValue(consumers), parse.GetValue(partitions), size,
                parse.GetValue(keys), mbps > 0 ? mbps * 1e6 / size : parse.GetValue(rate),
                TimeSpan.FromSeconds(parse.GetValue(duration)), TimeSpan.FromSeconds(parse.GetValue(warmup)), parse.GetValue(events),
                parse.GetValue(keySkew), parse.GetValue(flushEvery),
                // A transaction's events are acknowledged together at its commit: the window must hold two of them.
                Math.Max(InflightEvents(parse.GetValue(maxInflight), parse.GetValue(maxInflightBytes), size), 2 * txn));
            var options = new DriverOptions(parse.GetValue(driver)!, parse.GetValue(controller), parse.GetValue(embedded), parse.GetValue(dataRoot)!,
                parse.GetValue(serverDll)!, parse.GetValue(natsUrl)!, parse.GetValue(redis)!,
                new PravegaDriverOptions(parse.GetValue(autoScale), TimeSpan.FromSeconds(parse.GetValue(watermarkPeriod)), txn),
                parse.GetValue(serverSettings) ?? []);
            if (options.Driver != "pravega" && (options.ServerSettings is { Count: > 0 } || txn > 0 || options.Pravega.AutoScaleEventsPerSecond > 0 || options.Pravega.WatermarkPeriod > TimeSpan.Zero))
            {
                throw new ArgumentException("--txn-events, --auto-scale, --watermark-period and --server-setting are pravega-only");
            }
            RunOutcome outcome;
            await using (var system = await DriverFactory.CreateAsync(options, cancellationToken).ConfigureAwait(false))
            {
                outcome = await new LoadRun(system, settings, Console.Error).RunAsync(cancellationToken).ConfigureAwait(false);
            }
            var dir = parse.GetValue(outputDir)!;
            var files = RunReport.WriteFiles(outcome, dir);
            RunReport.WriteSummary(Console.Out, outcome);
            Console.Out.WriteLine($"results: {string.Join(", ", files)}");
            return outcome.Verdict.Ok ? 0 : 1;
        });
        return command;
    }

    /// <summary>The per-producer window in events: the smaller of the two bounds, never below two events.</summary>
    private static int InflightEvents(int events, long bytes, int eventSize) =>
        (int)Math.Max(2, Math.Min(events, bytes / eventSize));
}
