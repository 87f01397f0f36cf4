using System.CommandLine;
using Pravega.Perf.Client;
using Pravega.Perf.Client.Admin;
using Pravega.Perf.Client.Writers;

namespace Pravega.Perf.Cli.Verbs;

/// <summary>
/// <c>pravega stream write</c>: each line of stdin as an event, or <c>--count</c> synthetic events of <c>--size</c>
/// bytes (<see cref="SyntheticEventSerializer"/>). Routing keys: <c>--key</c> for all, or <c>--keys N</c> for
/// key-0…key-(N-1) round robin (per-key order is kept, across scaling too). Every event is durable when it returns.
/// </summary>
internal static class StreamWriteCommand
{
    /// <summary>Distinct batches awaited behind the newest: enough to keep the writer's pipeline full.</summary>
    private const int BatchesInFlight = 256;

    public static Command Build()
    {
        var name = Names.Stream();
        var count = new Option<long?>("--count") { Description = "Write this many synthetic events instead of reading stdin." };
        var size = new Option<string>("--size") { Description = "Bytes per synthetic event (e.g. 100, 1KiB).", DefaultValueFactory = _ => "100" };
        var key = new Option<string?>("--key") { Description = "One routing key for every event." };
        var keys = new Option<int?>("--keys") { Description = "Routing keys key-0 … key-(N-1), round robin (default for --count: 16)." };
        return CommonOptions.Verb("write", "Write lines from stdin, or --count synthetic events, to a stream.", async (parse, ct) =>
        {
            var (scope, stream) = Names.Split(parse.GetValue(name)!);
            var total = parse.GetValue(count);
            var bytes = Values.Size("--size", parse.GetValue(size)!);
            var keyCount = parse.GetValue(keys);
            var fixedKey = parse.GetValue(key);
            if (total is < 0 || bytes is < 1 or > EventStreamWriter<byte[]>.MaxEventSize || keyCount is < 1 || (keyCount is not null && fixedKey is not null))
            {
                throw VerbFailure.BadArguments("--count must be ≥ 0, --size between 1 B and 8 MiB, --keys ≥ 1, and --key and --keys exclusive");
            }
            var config = CommonOptions.Config(parse);
            await using (var streams = new StreamManager(config))
            {
                await StreamLookup.RequireStreamAsync(streams, scope, stream, ct).ConfigureAwait(false);
            }
            await using var factory = EventStreamClientFactory.WithScope(scope, config);
            var progress = new ProgressLine("written", total);
            long written;
            await using (progress.ConfigureAwait(false))
            {
                written = total is { } n
                    ? await WriteSyntheticAsync(factory, stream, n, (int)bytes, keyCount ?? 16, progress, ct).ConfigureAwait(false)
                    : await WriteLinesAsync(factory, stream, fixedKey, keyCount, progress, ct).ConfigureAwait(false);
            }
            var seconds = progress.Elapsed.TotalSeconds;
            var rate = written / Math.Max(seconds, 1e-3);
            if (parse.GetValue(CommonOptions.Json))
            {
                await Output.JsonAsync(new { scope, stream, events = written, seconds, eventsPerSecond = rate }).ConfigureAwait(false);
            }
            else
            {
                await Console.Error.WriteLineAsync($"wrote {written:N0} events to {scope}/{stream} in {seconds:F2} s ({rate:N0} events/s)").ConfigureAwait(false);
            }
            return ExitCodes.Success;
        }, name, count, size, key, keys);
    }

    private static async Task<long> WriteSyntheticAsync(EventStreamClientFactory factory, string stream, long total, int size, int keys,
        ProgressLine progress, CancellationToken cancellationToken)
    {
        var serializer = new SyntheticEventSerializer(size, keys);
        var keyNames = Enumerable.Range(0, keys).Select(k => serializer.KeyOf(k)).ToArray();
        await using var writer = await factory.CreateEventWriterAsync(stream, serializer, cancellationToken).ConfigureAwait(false);
        var pending = new BatchWindow();
        for (long i = 0; i < total; i++)
        {
            await pending.AddAsync(writer.WriteEventAsync(keyNames[i % keys], i, cancellationToken)).ConfigureAwait(false);
            if ((i & 1023) == 1023)
            {
                progress.Add(1024);
            }
        }
        await pending.DrainAsync().ConfigureAwait(false);
        await writer.FlushAsync().ConfigureAwait(false);
        progress.Add(total & 1023);
        return total;
    }

    private static async Task<long> WriteLinesAsync(EventStreamClientFactory factory, string stream, string? fixedKey, int? keys,
        ProgressLine progress, CancellationToken cancellationToken)
    {
        var keyNames = keys is { } k ? Enumerable.Range(0, k).Select(i => $"key-{i}").ToArray() : null;
        await using var writer = await factory.CreateEventWriterAsync(stream, new Utf8StringSerializer(), cancellationToken).ConfigureAwait(false);
        var pending = new BatchWindow();
        long written = 0;
        using var input = new StreamReader(Console.OpenStandardInput());
        while (await input.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            var routingKey = keyNames is not null ? keyNames[written % keyNames.Length] : fixedKey;
            await pending.AddAsync(writer.WriteEventAsync(routingKey, line, cancellationToken)).ConfigureAwait(false);
            written++;
            progress.Add(1);
        }
        await pending.DrainAsync().ConfigureAwait(false);
        await writer.FlushAsync().ConfigureAwait(false);
        return written;
    }

    /// <summary>
    /// The writer hands back one task per batch (shared by its events); this keeps the distinct ones and awaits the
    /// oldest when too many are open, so failures surface and memory stays bounded without a task per event.
    /// </summary>
    private sealed class BatchWindow
    {
        private readonly Queue<Task> _batches = new();
        private readonly HashSet<Task> _open = new(ReferenceEqualityComparer.Instance);

        public ValueTask AddAsync(Task batch)
        {
            if (!_open.Add(batch))
            {
                return ValueTask.CompletedTask;
            }
            _batches.Enqueue(batch);
            if (_batches.Count <= BatchesInFlight)
            {
                return ValueTask.CompletedTask;
            }
            var oldest = _batches.Dequeue();
            _open.Remove(oldest);
            return new ValueTask(oldest);
        }

        public async Task DrainAsync()
        {
            while (_batches.TryDequeue(out var batch))
            {
                _open.Remove(batch);
                await batch.ConfigureAwait(false);
            }
        }
    }
}
