using System.CommandLine;
using System.Diagnostics;
using Pravega.Perf.Client;
using Pravega.Perf.Client.Admin;
using Pravega.Perf.Client.ByteStreams;
using Pravega.Perf.Client.Control;
using Pravega.Perf.Client.Segments;
using Pravega.Perf.Client.Streams;
using Pravega.Perf.LoadHarness.Hosting;

namespace Pravega.Perf.LoadHarness.ClientLoad;

/// <summary>
/// <c>bytes</c>: byte streams against the segment layer, in one spawned standalone. For each chunk size, writes
/// <c>--bytes</c> in chunks of that size to a one-segment stream through <see cref="ByteStreamWriter"/> (then flushes)
/// and, as the baseline, the same chunks as <see cref="SegmentWriter"/> appends to another stream's segment; then reads
/// each back, through <see cref="ByteStreamReader"/> into a chunk-sized buffer and through a one-at-a-time
/// <see cref="SegmentStoreClient.ReadAsync"/> loop of 1 MiB requests. Ratios are byte stream / raw, same run.
/// </summary>
internal static class ByteStreamBenchCommand
{
    private const string Scope = "bench";
    private const int RawReadSize = 1 << 20;

    public static Command Build()
    {
        var bytes = ByteSize.Option("--bytes", "Bytes written, then read, per cell.", 256L << 20);
        var chunks = ByteSize.ListOption("--chunk-sizes", "Sizes of the writes (and of the reader's buffer).", [1024, 64 << 10, 1 << 20]);
        var serverDll = StandaloneRun.ServerDllOption();
        var dataRoot = StandaloneRun.DataRootOption();
        var command = new Command("bytes", "Byte-stream write and read MB/s as ratios of raw segment appends and reads, against a spawned standalone.")
        {
            bytes, chunks, serverDll, dataRoot,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await StandaloneRun.RunAsync(parse.GetValue(serverDll)!, parse.GetValue(dataRoot)!, "bytes",
                config => RunAsync(config, parse.GetValue(bytes), parse.GetValue(chunks)!, cancellationToken), cancellationToken).ConfigureAwait(false);
            return 0;
        });
        return command;
    }

    private static async Task RunAsync(ClientConfig config, long bytes, long[] chunkSizes, CancellationToken cancellationToken)
    {
        await using var streams = new StreamManager(config);
        await streams.CreateScopeAsync(Scope, cancellationToken).ConfigureAwait(false);
        using var controller = new ControllerClient(config);
        await using var segments = new SegmentStoreClient(controller, config.SegmentStore);
        await using var factory = ByteStreamClientFactory.WithScope(Scope, config);

        Console.WriteLine($"{bytes >> 20} MiB per cell; one-segment streams; MB/s of payload bytes (the raw read also moves the 8-byte event headers)");
        Console.WriteLine();
        Console.WriteLine("| chunk | raw write MB/s | byte-stream write MB/s | write ratio | raw read MB/s | byte-stream read MB/s | read ratio |");
        Console.WriteLine("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var chunkSize in chunkSizes.Select(c => (int)c))
        {
            var count = bytes / chunkSize;
            var payload = new byte[chunkSize];
            Random.Shared.NextBytes(payload);
            var raw = new Segment(new ScopedStream(Scope, $"raw-{chunkSize}"), 0);
            var byteStream = $"bytes-{chunkSize}";
            foreach (var name in new[] { raw.Stream.Name, byteStream })
            {
                await streams.CreateStreamAsync(Scope, name, new StreamConfiguration { Scaling = ScalingPolicy.Fixed(1) }, cancellationToken).ConfigureAwait(false);
            }

            var rawWrite = await TimeAsync(async () =>
            {
                await using var writer = new SegmentWriter(raw.QualifiedName, controller, config.SegmentStore);
                var last = Task.CompletedTask;
                for (long i = 0; i < count; i++)
                {
                    last = await writer.AppendAsync(payload, cancellationToken).ConfigureAwait(false);
                }
                await writer.FlushAsync().ConfigureAwait(false);
                await last.ConfigureAwait(false);
            }).ConfigureAwait(false);
            var bytesWrite = await TimeAsync(async () =>
            {
                await using var writer = await factory.CreateByteStreamWriterAsync(byteStream, cancellationToken).ConfigureAwait(false);
                for (long i = 0; i < count; i++)
                {
                    await writer.WriteAsync(payload, cancellationToken).ConfigureAwait(false);
                }
                await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
            }).ConfigureAwait(false);

            var stored = count * (chunkSize + 8L);
            var rawRead = await TimeAsync(async () =>
            {
                for (var offset = 0L; offset < stored;)
                {
                    offset += (await segments.ReadAsync(raw.QualifiedName, offset, RawReadSize, cancellationToken).ConfigureAwait(false)).Data.Length;
                }
            }).ConfigureAwait(false);
            var bytesRead = await TimeAsync(async () =>
            {
                await using var reader = await factory.CreateByteStreamReaderAsync(byteStream, cancellationToken).ConfigureAwait(false);
                var buffer = new byte[chunkSize];
                for (var read = 0L; read < count * chunkSize;)
                {
                    read += await reader.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
                }
            }).ConfigureAwait(false);

            double MBps(TimeSpan elapsed) => count * chunkSize / 1e6 / elapsed.TotalSeconds;
            Console.WriteLine($"| {Reporting.ResultTable.FormatSize(chunkSize)} | {MBps(rawWrite):F0} | {MBps(bytesWrite):F0} | {rawWrite / bytesWrite:P0} | "
                + $"{MBps(rawRead):F0} | {MBps(bytesRead):F0} | {rawRead / bytesRead:P0} |");
        }
        Console.WriteLine();
        Console.WriteLine($"(store, controller and harness on this machine's {Environment.ProcessorCount} cores)");
    }

    private static async Task<TimeSpan> TimeAsync(Func<Task> work)
    {
        var started = Stopwatch.GetTimestamp();
        await work().ConfigureAwait(false);
        return Stopwatch.GetElapsedTime(started);
    }
}
