using System.CommandLine;
using Pravega.Perf.LoadHarness.Hosting;
using Pravega.Perf.LoadHarness.Raw;
using Pravega.Perf.LoadHarness.Reporting;

namespace Pravega.Perf.LoadHarness.Suite;

/// <summary>
/// <c>suite</c>: fio's fdatasync ceiling first (and again last), then issue 3's matrix (event sizes × writers × segments, unthrottled),
/// the throttled latency case and the segment-count sweep, each on a freshly spawned segment store by default;
/// writes a markdown report and a JSON file.
/// </summary>
internal static class SuiteCommand
{
    public static Command Build()
    {
        var sizes = ByteSize.ListOption("--event-sizes", "Event sizes of the matrix (comma separated).", [100, 1024, 10240, 1 << 20]);
        var writers = new Option<int[]>("--writer-counts") { Description = "Writer counts of the matrix.", DefaultValueFactory = _ => [1, 16], AllowMultipleArgumentsPerToken = true };
        var segments = new Option<int[]>("--segment-counts") { Description = "Segment counts of the matrix.", DefaultValueFactory = _ => [1, 16], AllowMultipleArgumentsPerToken = true };
        var duration = new Option<double>("--duration") { Description = "Measured seconds per cell.", DefaultValueFactory = _ => 10 };
        var warmup = new Option<double>("--warmup") { Description = "Warm-up seconds per cell.", DefaultValueFactory = _ => 2 };
        var inflight = ByteSize.Option("--inflight-bytes", "Unacknowledged bytes allowed per connection.", RawSettings.DefaultInflightBytes);
        var throttledRate = new Option<long>("--throttled-rate") { Description = "Events/s of the throttled case (100 B, 1 writer, 1 segment); 0 skips it.", DefaultValueFactory = _ => 100_000 };
        var sweep = new Option<int[]>("--sweep-segments") { Description = "Segment counts of the sweep; empty skips it.", DefaultValueFactory = _ => [1, 10, 100, 1000], AllowMultipleArgumentsPerToken = true };
        var sweepRate = new Option<long>("--sweep-rate") { Description = "Total events/s of every sweep cell.", DefaultValueFactory = _ => 100_000 };
        var sweepWriters = new Option<int>("--sweep-writers") { Description = "Writers of every sweep cell (their sessions cover all segments).", DefaultValueFactory = _ => 1 };
        var skipFio = new Option<bool>("--skip-fio") { Description = "Do not measure the disk with fio (no ratios then)." };
        var fioScript = new Option<string>("--fio-script") { Description = "The fio baseline script.", DefaultValueFactory = _ => RepositoryPaths.DefaultFioScript() };
        var fioSize = new Option<string>("--fio-size") { Description = "Size of fio's laid-out file.", DefaultValueFactory = _ => "1G" };
        var fioRuntime = new Option<int>("--fio-runtime") { Description = "Seconds of fio's measured pass.", DefaultValueFactory = _ => 10 };
        var reportDir = new Option<string?>("--report-dir") { Description = "Where suite-<time>.md and .json go (default: the data root)." };
        var target = new TargetOptions(spawnByDefault: true);
        var command = new Command("suite", "fio baseline, then the matrix of issue 3 (sizes × writers × segments), the throttled case and the segment sweep.")
        {
            sizes, writers, segments, duration, warmup, inflight, throttledRate, sweep, sweepRate, sweepWriters, skipFio, fioScript, fioSize, fioRuntime, reportDir,
        };
        target.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var settings = new SuiteSettings(
                parse.GetValue(sizes)!,
                parse.GetValue(writers)!,
                parse.GetValue(segments)!,
                TimeSpan.FromSeconds(parse.GetValue(duration)),
                TimeSpan.FromSeconds(parse.GetValue(warmup)),
                parse.GetValue(inflight),
                ThrottledEventSize: 100,
                parse.GetValue(throttledRate),
                parse.GetValue(sweep)!,
                parse.GetValue(sweepWriters),
                SweepEventSize: 100,
                parse.GetValue(sweepRate),
                parse.GetValue(skipFio),
                parse.GetValue(fioScript)!,
                parse.GetValue(fioSize)!,
                parse.GetValue(fioRuntime),
                parse.GetValue(reportDir) ?? target.DataRoot(parse));
            var results = await RunAsync(settings, target.Target(parse), target.DataRoot(parse), Console.Error, cancellationToken).ConfigureAwait(false);
            var commandLine = "dotnet pravega-bench.dll " + string.Join(' ', Environment.GetCommandLineArgs().Skip(1));
            Directory.CreateDirectory(settings.ReportDirectory);
            var stamp = $"{DateTime.UtcNow:yyyyMMdd-HHmmss}";
            var markdown = Path.Combine(settings.ReportDirectory, $"suite-{stamp}.md");
            var json = Path.Combine(settings.ReportDirectory, $"suite-{stamp}.json");
            using (var writer = new StringWriter())
            {
                SuiteReport.WriteMarkdown(writer, results, settings, commandLine);
                await File.WriteAllTextAsync(markdown, writer.ToString(), CancellationToken.None).ConfigureAwait(false);
                Console.Out.WriteLine();
                Console.Out.Write(writer.ToString());
            }
            await File.WriteAllTextAsync(json, SuiteReport.ToJson(results, settings, commandLine), CancellationToken.None).ConfigureAwait(false);
            Console.Error.WriteLine($"report: {markdown}; JSON: {json}");
            var output = target.OutputFile(parse);
            if (output is not null || target.Output(parse) != OutputFormat.Table)
            {
                ResultFiles.Write(target.Output(parse), results.All, output, results.FioMBps);
            }
            return results.All.All(r => r.Verified) ? 0 : 1;
        });
        return command;
    }

    private static async Task<SuiteResults> RunAsync(SuiteSettings settings, SegmentStoreTarget target, string dataRoot, TextWriter progress, CancellationToken cancellationToken)
    {
        FioFigures? fio = null;
        if (!settings.SkipFio)
        {
            fio = await FioBaseline.MeasureAsync(settings.FioScript, Path.Combine(dataRoot, "fio"), settings.FioSize, settings.FioRuntimeSeconds, progress, cancellationToken).ConfigureAwait(false);
        }

        var matrix = new List<RunResult>();
        foreach (var size in settings.EventSizes)
        {
            foreach (var writers in settings.WriterCounts)
            {
                foreach (var segments in settings.SegmentCounts)
                {
                    matrix.Add(await RunCellAsync(Cell(settings, checked((int)size), writers, segments, rate: 0), target, progress, cancellationToken).ConfigureAwait(false));
                }
            }
        }

        var throttled = new List<RunResult>();
        if (settings.ThrottledRate > 0)
        {
            throttled.Add(await RunCellAsync(Cell(settings, settings.ThrottledEventSize, 1, 1, settings.ThrottledRate), target, progress, cancellationToken).ConfigureAwait(false));
        }

        var sweep = new List<RunResult>();
        foreach (var segments in settings.SweepSegmentCounts)
        {
            sweep.Add(await RunCellAsync(Cell(settings, settings.SweepEventSize, settings.SweepWriters, segments, settings.SweepRate), target, progress, cancellationToken).ConfigureAwait(false));
        }
        FioFigures? fioAfter = null;
        if (!settings.SkipFio)
        {
            fioAfter = await FioBaseline.MeasureAsync(settings.FioScript, Path.Combine(dataRoot, "fio"), settings.FioSize, settings.FioRuntimeSeconds, progress, cancellationToken).ConfigureAwait(false);
        }
        var results = new SuiteResults(fio, fioAfter, matrix, throttled, sweep);
        return results.FioMBps is { } mbps
            ? results with { Matrix = [.. matrix.Select(r => r with { RatioToFio = r.PayloadMBps / mbps })] }
            : results;
    }

    private static RawSettings Cell(SuiteSettings settings, int eventSize, int writers, int segments, long rate)
    {
        var cell = new RawSettings("", eventSize, writers, writers, segments, settings.Duration, settings.Warmup, rate, settings.InflightBytes);
        return cell with { Scenario = RawCommand.Label(cell) };
    }

    private static async Task<RunResult> RunCellAsync(RawSettings cell, SegmentStoreTarget target, TextWriter progress, CancellationToken cancellationToken)
    {
        progress.WriteLine();
        progress.WriteLine($"=== {cell.Scenario} ===");
        try
        {
            return await RawCommand.RunAsync(cell, target, progress, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // One broken cell (a store that would not start) should not lose the rest of the suite.
            progress.WriteLine($"cell failed: {e.Message}");
            return new RunResult(cell.Scenario, "raw", cell.EventSize, cell.Writers, cell.Connections, cell.Segments, cell.Rate,
                0, 0, 0, 0, LatencySummary.Empty, 0, 0, Verified: false, Error: e.Message);
        }
    }
}
