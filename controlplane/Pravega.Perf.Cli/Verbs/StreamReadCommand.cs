using System.CommandLine;
using System.Text;
using Pravega.Perf.Client;
using Pravega.Perf.Client.Admin;
using Pravega.Perf.Client.Readers;
using Pravega.Perf.Client.Streams;
using Pravega.Perf.Client.Writers;

namespace Pravega.Perf.Cli.Verbs;

/// <summary>
/// <c>pravega stream read</c>: events to stdout, one per line (or one JSON object per line), through a reader group of
/// one reader made for this read and deleted after it. Without <c>--follow</c> the group ends at the tail as it was
/// when the read began, so the verb returns; with it, the read waits at the tail for new events until Ctrl+C. Per-key
/// order holds across scaling (the group reads successors only after their predecessors).
/// </summary>
internal static class StreamReadCommand
{
    public static Command Build()
    {
        var name = Names.Stream();
        var from = new Option<string>("--from") { Description = "Where to start: head, tail, or a StreamCut (segmentId:offset,… from 'stream info').", DefaultValueFactory = _ => "head" };
        var fromTime = new Option<string?>("--from-time") { Description = "Start at the first events written at or after this time (ISO 8601 or Unix ms)." };
        var follow = new Option<bool>("--follow", "-f") { Description = "Keep reading new events at the tail until Ctrl+C." };
        var count = new Option<long?>("--count") { Description = "Stop after this many events." };
        return CommonOptions.Verb("read", "Read a stream's events to stdout, one per line.", async (parse, ct) =>
        {
            var (scope, stream) = Names.Split(parse.GetValue(name)!);
            var scoped = new ScopedStream(scope, stream);
            var limit = parse.GetValue(count) ?? long.MaxValue;
            if (limit < 0)
            {
                throw VerbFailure.BadArguments("--count must be ≥ 0");
            }
            var startText = parse.GetValue(from)!;
            var timeText = parse.GetValue(fromTime);
            var startCut = startText is "head" or "tail" ? null : StreamCutText.Parse(scoped, startText);
            var startTime = timeText is null ? (DateTimeOffset?)null : Values.Time("--from-time", timeText);
            var config = CommonOptions.Config(parse);
            StreamRange range;
            await using (var streams = new StreamManager(config))
            {
                await StreamLookup.RequireStreamAsync(streams, scope, stream, ct).ConfigureAwait(false);
                var info = await streams.GetStreamInfoAsync(scope, stream, ct).ConfigureAwait(false);
                var start = startTime is { } time ? await streams.GetStreamCutAtAsync(scope, stream, time, ct).ConfigureAwait(false)
                    : startCut ?? (startText == "tail" ? info.TailStreamCut : info.HeadStreamCut);
                range = new StreamRange(scoped, start, parse.GetValue(follow) || info.IsSealed ? null : info.TailStreamCut);
            }
            var json = parse.GetValue(CommonOptions.Json);
            var group = $"cli-read-{Guid.NewGuid():N}";
            await using var groups = ReaderGroupManager.WithScope(scope, config);
            await groups.CreateReaderGroupAsync(group, new ReaderGroupConfig { Streams = [range] }, ct).ConfigureAwait(false);
            try
            {
                await using var factory = EventStreamClientFactory.WithScope(scope, config);
                await using var reader = await factory.CreateReaderAsync("cli", group, new ByteArraySerializer(), ct).ConfigureAwait(false);
                var progress = new ProgressLine("read", parse.GetValue(count));
                await using (progress.ConfigureAwait(false))
                {
                    await CopyAsync(reader, limit, json, progress, ct).ConfigureAwait(false);
                }
            }
            finally
            {
                await groups.DeleteReaderGroupAsync(group, CancellationToken.None).ConfigureAwait(false);
            }
            return ExitCodes.Success;
        }, name, from, fromTime, follow, count);
    }

    private static async Task CopyAsync(EventStreamReader<byte[]> reader, long limit, bool json, ProgressLine progress, CancellationToken cancellationToken)
    {
        var stdout = new BufferedStream(Console.OpenStandardOutput(), 1 << 16);
        await using (stdout.ConfigureAwait(false))
        {
            long read = 0;
            while (read < limit)
            {
                // A short wait keeps the output flushed while the reader idles at the tail.
                var next = await reader.ReadNextEventAsync(TimeSpan.FromMilliseconds(500), cancellationToken).ConfigureAwait(false);
                if (next.IsReadCompleted)
                {
                    break;
                }
                if (!next.HasEvent)
                {
                    await stdout.FlushAsync(cancellationToken).ConfigureAwait(false);
                    continue;
                }
                if (json)
                {
                    var pointer = next.Pointer!.Value;
                    var line = Output.ToJson(new { @event = Encoding.UTF8.GetString(next.Event!), segment = pointer.Segment.SegmentId, offset = pointer.Offset }, indented: false);
                    stdout.Write(Encoding.UTF8.GetBytes(line));
                }
                else
                {
                    stdout.Write(next.Event!);
                }
                stdout.WriteByte((byte)'\n');
                read++;
                progress.Add(1);
            }
            await stdout.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }
}
