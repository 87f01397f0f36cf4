using System.Buffers.Binary;
using System.CommandLine;
using Pravega.Perf.Client;
using Pravega.Perf.Client.Admin;
using Pravega.Perf.Client.Control;
using Pravega.Perf.Client.Segments;
using Pravega.Perf.Client.Tables;
using Pravega.Perf.Common.Naming;
using Pravega.Perf.LoadHarness.Hosting;
using Pravega.Perf.LoadHarness.Reporting;

namespace Pravega.Perf.LoadHarness.ClientLoad;

/// <summary>
/// <c>kvt</c>: key-value table puts and gets per second (each caller one call at a time, 1 and 16 callers) through
/// <see cref="IKeyValueTable"/>, against a spawned standalone. The baseline, same run: the same keys and values as
/// raw <see cref="SegmentStoreClient.UpdateTableEntriesAsync"/> / <see cref="SegmentStoreClient.ReadTableAsync"/>
/// calls on the partition segments of a second table of the same shape, so the ratio is the table client's own cost
/// (partition routing, versions, key checks) over the wire requests it makes.
/// </summary>
internal static class KeyValueTableBenchCommand
{
    private const string Scope = "bench";
    private const int KeysPerCaller = 64;

    public static Command Build()
    {
        var duration = new Option<double>("--duration") { Description = "Measured seconds per cell, after 1 s of warm-up (default 3).", DefaultValueFactory = _ => 3 };
        var valueSize = new Option<int>("--value-size") { Description = "Bytes per value (default 100).", DefaultValueFactory = _ => 100 };
        var partitions = new Option<int>("--partitions") { Description = "Partitions of the tables (default 4).", DefaultValueFactory = _ => 4 };
        var serverDll = StandaloneRun.ServerDllOption();
        var dataRoot = StandaloneRun.DataRootOption();
        var command = new Command("kvt", "Key-value table puts/s and gets/s (1 and 16 callers, p50/p99) as ratios of raw table-segment updates and reads.")
        {
            duration, valueSize, partitions, serverDll, dataRoot,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await StandaloneRun.RunAsync(parse.GetValue(serverDll)!, parse.GetValue(dataRoot)!, "kvt",
                config => RunAsync(config, TimeSpan.FromSeconds(parse.GetValue(duration)), parse.GetValue(valueSize), parse.GetValue(partitions), cancellationToken),
                cancellationToken).ConfigureAwait(false);
            return 0;
        });
        return command;
    }

    private static async Task RunAsync(ClientConfig config, TimeSpan duration, int valueSize, int partitions, CancellationToken cancellationToken)
    {
        await using (var streams = new StreamManager(config))
        {
            await streams.CreateScopeAsync(Scope, cancellationToken).ConfigureAwait(false);
        }
        var shape = new KeyValueTableConfiguration { PartitionCount = partitions, PrimaryKeyLength = 8, SecondaryKeyLength = 8 };
        using (var manager = new KeyValueTableManager(config))
        {
            await manager.CreateKeyValueTableAsync(Scope, "kvt", shape, cancellationToken).ConfigureAwait(false);
            await manager.CreateKeyValueTableAsync(Scope, "raw", shape, cancellationToken).ConfigureAwait(false);
        }
        await using var factory = KeyValueTableFactory.WithScope(Scope, config);
        var table = await factory.ForKeyValueTableAsync("kvt", cancellationToken).ConfigureAwait(false);
        using var controller = new ControllerClient(config);
        await using var segments = new SegmentStoreClient(controller, config.SegmentStore);
        // A table's partitions are segments 0..n-1 of its first epoch.
        var rawSegments = Enumerable.Range(0, partitions).Select(p => NameUtils.GetQualifiedTableSegmentName(Scope, "raw", p)).ToArray();
        var value = new byte[valueSize];
        Random.Shared.NextBytes(value);
        var keys = Enumerable.Range(0, 16 * KeysPerCaller).Select(Key).ToArray();

        // Every key exists before the first cell, so each get reads a value.
        await Parallel.ForEachAsync(Enumerable.Range(0, keys.Length), cancellationToken, async (i, token) =>
        {
            await table.PutAsync(keys[i].Kvt, value, cancellationToken: token).ConfigureAwait(false);
            await segments.UpdateTableEntriesAsync(rawSegments[i % partitions], [new TableUpdate(keys[i].Raw, value, TableVersions.NoVersion)], token).ConfigureAwait(false);
        }).ConfigureAwait(false);

        Console.WriteLine($"{valueSize} B values, 8 + 8-byte keys, {partitions} partitions, {KeysPerCaller} keys per caller; "
            + $"{duration.TotalSeconds:F0} s per cell after 1 s of warm-up; each caller one call at a time");
        Console.WriteLine();
        Console.WriteLine("| callers | op | raw ops/s | raw p50 ms | raw p99 ms | KVT ops/s | KVT p50 ms | KVT p99 ms | KVT / raw |");
        Console.WriteLine("| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        var misses = 0L;
        foreach (var callers in new[] { 1, 16 })
        {
            var next = new int[callers];
            int NextKey(int caller) => (caller * KeysPerCaller) + (next[caller]++ % KeysPerCaller);

            var rawPut = await ClosedLoop.CellAsync(callers, duration, async (c, _) =>
            {
                var i = NextKey(c);
                await segments.UpdateTableEntriesAsync(rawSegments[i % partitions], [new TableUpdate(keys[i].Raw, value, TableVersions.NoVersion)], cancellationToken)
                    .ConfigureAwait(false);
            }, cancellationToken).ConfigureAwait(false);
            var kvtPut = await ClosedLoop.CellAsync(callers, duration,
                async (c, _) => await table.PutAsync(keys[NextKey(c)].Kvt, value, cancellationToken: cancellationToken).ConfigureAwait(false),
                cancellationToken).ConfigureAwait(false);
            Print(callers, "put", rawPut, kvtPut);

            var rawGet = await ClosedLoop.CellAsync(callers, duration, async (c, _) =>
            {
                var i = NextKey(c);
                var read = await segments.ReadTableAsync(rawSegments[i % partitions], [keys[i].Raw], cancellationToken).ConfigureAwait(false);
                Interlocked.Add(ref misses, read[0] is null ? 1 : 0);
            }, cancellationToken).ConfigureAwait(false);
            var kvtGet = await ClosedLoop.CellAsync(callers, duration, async (c, _) =>
            {
                var entry = await table.GetAsync(keys[NextKey(c)].Kvt, cancellationToken).ConfigureAwait(false);
                Interlocked.Add(ref misses, entry is null ? 1 : 0);
            }, cancellationToken).ConfigureAwait(false);
            Print(callers, "get", rawGet, kvtGet);
        }
        Console.WriteLine();
        Console.WriteLine($"gets that found no value: {misses} (expected 0); store, controller and harness on this machine's {Environment.ProcessorCount} cores");
    }

    /// <summary>Key <paramref name="i"/> as the table's key and as the same 16 bytes on a raw table segment.</summary>
    private static (KeyValueTableKey Kvt, byte[] Raw) Key(int i)
    {
        var raw = new byte[16];
        BinaryPrimitives.WriteInt64BigEndian(raw, i);
        return (new KeyValueTableKey(raw.AsMemory(0, 8), raw.AsMemory(8, 8)), raw);
    }

    private static void Print(int callers, string op, ClosedLoopCell raw, ClosedLoopCell kvt) =>
        Console.WriteLine($"| {callers} | {op} | {raw.Rate:F0} | {ClosedLoop.Ms(raw.Units, 50)} | {ClosedLoop.Ms(raw.Units, 99)} | "
            + $"{kvt.Rate:F0} | {ClosedLoop.Ms(kvt.Units, 50)} | {ClosedLoop.Ms(kvt.Units, 99)} | {kvt.Rate / raw.Rate:P0} |");
}
