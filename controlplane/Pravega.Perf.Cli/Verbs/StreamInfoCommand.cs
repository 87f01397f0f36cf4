using System.CommandLine;
using System.Globalization;
using Pravega.Perf.Client.Admin;
using Pravega.Perf.Client.Batch;
using Pravega.Perf.Client.Streams;

namespace Pravega.Perf.Cli.Verbs;

/// <summary>
/// <c>pravega stream info</c>: configuration, the active segments with their key ranges and epochs, the head and tail
/// StreamCuts, and the bytes retained between them (every segment of every epoch between the cuts counts).
/// </summary>
internal static class StreamInfoCommand
{
    public static Command Build()
    {
        var name = Names.Stream();
        return CommonOptions.Verb("info", "Show a stream's segments, key ranges, epochs, head and tail StreamCuts and size.", async (parse, ct) =>
        {
            var (scope, stream) = Names.Split(parse.GetValue(name)!);
            var config = CommonOptions.Config(parse);
            await using var streams = new StreamManager(config);
            await StreamLookup.RequireStreamAsync(streams, scope, stream, ct).ConfigureAwait(false);
            var info = await streams.GetStreamInfoAsync(scope, stream, ct).ConfigureAwait(false);
            var active = await streams.GetActiveSegmentsAsync(scope, stream, ct).ConfigureAwait(false);
            await using var batch = BatchClientFactory.WithScope(scope, config);
            var ranges = info.IsSealed
                ? []
                : await batch.ListSegmentsAsync(info.Stream, info.HeadStreamCut, info.TailStreamCut, ct).ConfigureAwait(false);
            var bytes = ranges.Sum(r => r.Length);
            var segments = active.Select(s => new
            {
                id = s.Segment.SegmentId,
                number = s.Segment.Number,
                epoch = s.Segment.Epoch,
                keyLow = s.Low,
                keyHigh = s.High,
                head = info.HeadStreamCut.Positions.TryGetValue(s.Segment, out var head) ? head : 0,
                tail = info.TailStreamCut.Positions.GetValueOrDefault(s.Segment),
            }).ToList();
            if (parse.GetValue(CommonOptions.Json))
            {
                await Output.JsonAsync(new
                {
                    scope,
                    stream,
                    scaling = StreamCommands.Describe(info.Configuration.Scaling),
                    retention = Retention(info.Configuration.Retention),
                    @sealed = info.IsSealed,
                    epoch = segments.Count > 0 ? segments[0].epoch : (int?)null,
                    segments,
                    headStreamCut = StreamCutText.Format(info.HeadStreamCut),
                    tailStreamCut = StreamCutText.Format(info.TailStreamCut),
                    bytes,
                }).ConfigureAwait(false);
                return ExitCodes.Success;
            }
            await Output.PairsAsync(
            [
                ("stream", $"{scope}/{stream}{(info.IsSealed ? " (sealed)" : "")}"),
                ("scaling", StreamCommands.Describe(info.Configuration.Scaling)),
                ("retention", Retention(info.Configuration.Retention)),
                ("head", StreamCutText.Format(info.HeadStreamCut)),
                ("tail", info.IsSealed ? "(sealed)" : StreamCutText.Format(info.TailStreamCut)),
                ("size", $"{bytes.ToString("N0", CultureInfo.InvariantCulture)} bytes between head and tail, in {ranges.Count} segments"),
            ]).ConfigureAwait(false);
            await Console.Out.WriteLineAsync().ConfigureAwait(false);
            await Output.TableAsync(["SEGMENT", "NUMBER", "EPOCH", "KEY RANGE", "HEAD", "TAIL"], segments.Select(s => new[]
            {
                s.id.ToString(CultureInfo.InvariantCulture), s.number.ToString(CultureInfo.InvariantCulture), s.epoch.ToString(CultureInfo.InvariantCulture),
                $"[{s.keyLow:0.####}, {s.keyHigh:0.####})", s.head.ToString(CultureInfo.InvariantCulture), s.tail.ToString(CultureInfo.InvariantCulture),
            })).ConfigureAwait(false);
            return ExitCodes.Success;
        }, name);
    }

    private static string Retention(RetentionPolicy? retention) => retention switch
    {
        null => "none (keep everything)",
        { Type: RetentionPolicy.Kind.Size } size => $"by size: at least {size.Min:N0} bytes",
        { } time => $"by time: at least {TimeSpan.FromMilliseconds(time.Min)}",
    };
}
