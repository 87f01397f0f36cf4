using System.CommandLine;
using Pravega.Perf.Client.Admin;
using Pravega.Perf.Client.Streams;

namespace Pravega.Perf.Cli.Verbs;

/// <summary><c>pravega stream create|list|info|write|read|scale|seal|truncate|delete</c>.</summary>
internal static class StreamCommands
{
    public static Command Build()
    {
        var stream = new Command("stream", "Create, inspect, write, read, scale, seal, truncate and delete streams.");
        stream.Subcommands.Add(Create());
        stream.Subcommands.Add(List());
        stream.Subcommands.Add(StreamInfoCommand.Build());
        stream.Subcommands.Add(StreamWriteCommand.Build());
        stream.Subcommands.Add(StreamReadCommand.Build());
        stream.Subcommands.Add(Scale());
        stream.Subcommands.Add(Seal());
        stream.Subcommands.Add(Truncate());
        stream.Subcommands.Add(Delete());
        return stream;
    }

    private static Command Create()
    {
        var name = Names.Stream();
        var segments = new Option<int>("--segments") { Description = "Segments to start with (the minimum for rate scaling).", DefaultValueFactory = _ => 1 };
        var scaling = new Option<string>("--scaling") { Description = "fixed, by-event-rate or by-byte-rate.", DefaultValueFactory = _ => "fixed" };
        scaling.AcceptOnlyFromAmong("fixed", "by-event-rate", "by-byte-rate");
        var rate = new Option<int>("--target-rate") { Description = "Per segment: events/s (by-event-rate) or KiB/s (by-byte-rate).", DefaultValueFactory = _ => 1000 };
        var factor = new Option<int>("--scale-factor") { Description = "Segments a hot segment splits into.", DefaultValueFactory = _ => 2 };
        var retentionSize = new Option<string?>("--retention-size") { Description = "Keep at least this much data (e.g. 10GiB); older data may be truncated." };
        var retentionTime = new Option<string?>("--retention-time") { Description = "Keep data at least this long (e.g. 7d); older data may be truncated." };
        return CommonOptions.Verb("create", "Create a stream.", async (parse, ct) =>
        {
            var (scope, stream) = Names.Split(parse.GetValue(name)!);
            var count = parse.GetValue(segments);
            if (count < 1 || parse.GetValue(rate) < 1 || parse.GetValue(factor) < 1)
            {
                throw VerbFailure.BadArguments("--segments, --target-rate and --scale-factor must be at least 1");
            }
            var policy = parse.GetValue(scaling) switch
            {
                "by-event-rate" => ScalingPolicy.ByEventRate(parse.GetValue(rate), parse.GetValue(factor), count),
                "by-byte-rate" => ScalingPolicy.ByDataRate(parse.GetValue(rate), parse.GetValue(factor), count),
                _ => ScalingPolicy.Fixed(count),
            };
            RetentionPolicy? retention = (parse.GetValue(retentionSize), parse.GetValue(retentionTime)) switch
            {
                ({ } _, { } _) => throw VerbFailure.BadArguments("give --retention-size or --retention-time, not both"),
                ({ } size, null) => RetentionPolicy.BySize(Values.Size("--retention-size", size)),
                (null, { } time) => RetentionPolicy.ByTime(Values.Duration("--retention-time", time)),
                _ => null,
            };
            await using var streams = new StreamManager(CommonOptions.Config(parse));
            await StreamLookup.RequireScopeAsync(streams, scope, ct).ConfigureAwait(false);
            var created = await streams.CreateStreamAsync(scope, stream, new StreamConfiguration { Scaling = policy, Retention = retention }, ct).ConfigureAwait(false);
            await Output.DoneAsync(parse.GetValue(CommonOptions.Json),
                created ? $"stream {scope}/{stream} created ({Describe(policy)})" : $"stream {scope}/{stream} already exists (its configuration is unchanged)",
                new { scope, stream, created }).ConfigureAwait(false);
            return ExitCodes.Success;
        }, name, segments, scaling, rate, factor, retentionSize, retentionTime);
    }

    internal static string Describe(ScalingPolicy policy) => policy.Type switch
    {
        ScalingPolicy.Kind.ByRateInEventsPerSec => $"by event rate: {policy.TargetRate} events/s per segment, factor {policy.ScaleFactor}, at least {policy.MinNumSegments} segments",
        ScalingPolicy.Kind.ByRateInKBytesPerSec => $"by byte rate: {policy.TargetRate} KiB/s per segment, factor {policy.ScaleFactor}, at least {policy.MinNumSegments} segments",
        _ => $"fixed: {policy.MinNumSegments} segments",
    };

    private static Command List()
    {
        var scopeName = Names.Scope();
        var all = new Option<bool>("--all") { Description = "Also list internal streams (reader groups' _RG…, watermarks' _MARK…)." };
        return CommonOptions.Verb("list", "List the streams of a scope.", async (parse, ct) =>
        {
            var scope = parse.GetValue(scopeName)!;
            await using var streams = new StreamManager(CommonOptions.Config(parse));
            await StreamLookup.RequireScopeAsync(streams, scope, ct).ConfigureAwait(false);
            var names = new List<string>();
            await foreach (var stream in streams.ListStreamsAsync(scope, cancellationToken: ct).ConfigureAwait(false))
            {
                if (parse.GetValue(all) || !stream.Name.StartsWith('_'))
                {
                    names.Add(stream.Name);
                }
            }
            names.Sort(StringComparer.Ordinal);
            if (parse.GetValue(CommonOptions.Json))
            {
                await Output.JsonAsync(new { scope, streams = names }).ConfigureAwait(false);
            }
            else
            {
                await Output.TableAsync(["STREAM"], names.Select(n => new[] { $"{scope}/{n}" })).ConfigureAwait(false);
            }
            return ExitCodes.Success;
        }, scopeName, all);
    }

    private static Command Scale()
    {
        var name = Names.Stream();
        var segments = new Option<int>("--segments") { Description = "The number of segments after the scale (equal key ranges).", Required = true };
        return CommonOptions.Verb("scale", "Scale a stream to N segments now (seals the active ones; writers and readers move on in order).", async (parse, ct) =>
        {
            var (scope, stream) = Names.Split(parse.GetValue(name)!);
            var count = parse.GetValue(segments);
            if (count is < 1 or > 1000)
            {
                throw VerbFailure.BadArguments("--segments must be between 1 and 1000");
            }
            await using var streams = new StreamManager(CommonOptions.Config(parse));
            await StreamLookup.RequireStreamAsync(streams, scope, stream, ct).ConfigureAwait(false);
            var active = await streams.GetActiveSegmentsAsync(scope, stream, ct).ConfigureAwait(false);
            if (active.Count == 0)
            {
                throw new VerbFailure(ExitCodes.ServerFailure, $"stream {scope}/{stream} is sealed: it cannot scale");
            }
            var ranges = Enumerable.Range(0, count).Select(i => ((double)i / count, i + 1 == count ? 1.0 : (double)(i + 1) / count)).ToList();
            if (!await streams.ScaleStreamAsync(scope, stream, [.. active.Select(s => s.Segment.SegmentId)], ranges, ct).ConfigureAwait(false))
            {
                throw VerbFailure.NotFound($"stream {scope}/{stream} does not exist");
            }
            var now = await streams.GetActiveSegmentsAsync(scope, stream, ct).ConfigureAwait(false);
            await Output.DoneAsync(parse.GetValue(CommonOptions.Json),
                $"stream {scope}/{stream} scaled from {active.Count} to {now.Count} segments (epoch {now[0].Segment.Epoch})",
                new { scope, stream, from = active.Count, to = now.Count, epoch = now[0].Segment.Epoch }).ConfigureAwait(false);
            return ExitCodes.Success;
        }, name, segments);
    }

    private static Command Seal()
    {
        var name = Names.Stream();
        return CommonOptions.Verb("seal", "Seal a stream: no more writes; readers reach its end.", async (parse, ct) =>
        {
            var (scope, stream) = Names.Split(parse.GetValue(name)!);
            await using var streams = new StreamManager(CommonOptions.Config(parse));
            await StreamLookup.RequireStreamAsync(streams, scope, stream, ct).ConfigureAwait(false);
            await streams.SealStreamAsync(scope, stream, ct).ConfigureAwait(false);
            await Output.DoneAsync(parse.GetValue(CommonOptions.Json), $"stream {scope}/{stream} sealed", new { scope, stream, @sealed = true }).ConfigureAwait(false);
            return ExitCodes.Success;
        }, name);
    }

    private static Command Truncate()
    {
        var name = Names.Stream();
        var at = new Option<string>("--at") { Description = "Drop everything before this StreamCut (segmentId:offset,… as 'stream info' prints it), or 'tail'.", Required = true };
        return CommonOptions.Verb("truncate", "Drop a stream's data before a StreamCut.", async (parse, ct) =>
        {
            var (scope, stream) = Names.Split(parse.GetValue(name)!);
            var text = parse.GetValue(at)!;
            var scoped = new ScopedStream(scope, stream);
            var cut = text == "tail" ? null : StreamCutText.Parse(scoped, text);
            await using var streams = new StreamManager(CommonOptions.Config(parse));
            await StreamLookup.RequireStreamAsync(streams, scope, stream, ct).ConfigureAwait(false);
            cut ??= (await streams.GetStreamInfoAsync(scope, stream, ct).ConfigureAwait(false)).TailStreamCut;
            if (cut.IsUnbounded)
            {
                throw new VerbFailure(ExitCodes.ServerFailure, $"stream {scope}/{stream} is sealed: it has no tail to truncate at");
            }
            await streams.TruncateStreamAsync(cut, ct).ConfigureAwait(false);
            await Output.DoneAsync(parse.GetValue(CommonOptions.Json), $"stream {scope}/{stream} truncated at {StreamCutText.Format(cut)}",
                new { scope, stream, cut = StreamCutText.Format(cut) }).ConfigureAwait(false);
            return ExitCodes.Success;
        }, name, at);
    }

    private static Command Delete()
    {
        var name = Names.Stream();
        return CommonOptions.Verb("delete", "Seal and delete a stream with all its data.", async (parse, ct) =>
        {
            var (scope, stream) = Names.Split(parse.GetValue(name)!);
            await using var streams = new StreamManager(CommonOptions.Config(parse));
            await StreamLookup.RequireStreamAsync(streams, scope, stream, ct).ConfigureAwait(false);
            await streams.SealStreamAsync(scope, stream, ct).ConfigureAwait(false);
            await streams.DeleteStreamAsync(scope, stream, ct).ConfigureAwait(false);
            await Output.DoneAsync(parse.GetValue(CommonOptions.Json), $"stream {scope}/{stream} deleted", new { scope, stream, deleted = true }).ConfigureAwait(false);
            return ExitCodes.Success;
        }, name);
    }
}
