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
/// calls on the very partition segments the table client sends each key to (learnt from the versions of the first
/// puts), so the ratio is the table client's own cost (partition routing, versions, key checks) over the wire requests
/// it makes. (A second table as the baseline would not do: its partitions may land on fewer segment containers.) Raw and KVT cells alternate (raw, KVT,
/// KVT, raw) so drift during the run does not favour either.
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
        }
        await using var factory = KeyValueTableFactory.WithScope(Scope, config);
        var table = await factory.ForKeyValueTableAsync("kvt", cancellationToken).ConfigureAwait(false);
        using var controller = new ControllerClient(config);
        await using var segments = new SegmentStoreClient(controller, config.SegmentStore);
        var value = new byte[valueSize];
        Random.Shared.NextBytes(value);
        var keys = Enumerable.Range(0, 16 * KeysPerCaller).Select(Key).ToArray();

        // Every key exists before the first cell, so each get reads a value; a version names the key's partition segment.
        var rawSegments = new string[keys.Length];
        await Parallel.ForEachAsync(Enumerable.Range(0, keys.Length), cancellationToken, async (i, token) =>
        {
            var version = await table.PutAsync(keys[i].Kvt, value, cancellationToken: token).ConfigureAwait(false);
            rawSegments[i] = NameUtils.GetQualifiedTableSegmentName(Scope, "kvt", version.SegmentId);
        }).ConfigureAwait(false);

        Console.WriteLine($"{valueSize} B values, 8 + 8-byte keys, {partitions} partitions, {KeysPerCaller} keys per caller; "
            + $"{duration.TotalSeconds:F0} s per cell (two halves: raw, KVT, KVT, raw; 1 s of warm-up each); each caller one call at a time");
        Console.WriteLine();
        Console.WriteLine("| callers | op | raw ops/s | raw p50 ms | raw p99 ms | KVT ops/s | KVT p50 ms | KVT p99 ms | KVT / raw |");
        Console.WriteLine("| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        var misses = 0L;
        foreach (var callers in new[] { 1, 16 })
        {
            var next = new int[callers];
            int NextKey(int caller) => (caller * KeysPerCaller) + (next[caller]++ % KeysPerCaller);

            var (rawPut, kvtPut) = await PairAsync(callers, duration, async c =>
            {
                var i = NextKey(c);
                await segments.UpdateTableEntriesAsync(rawSegments[i], [new TableUpdate(keys[i].Raw, value, TableVersions.NoVersion)], cancellationToken)
                    .ConfigureAwait(false);
            }, async c => await table.PutAsync(keys[NextKey(c)].Kvt, value, cancellationToken: cancellationToken).ConfigureAwait(false),
            cancellationToken).ConfigureAwait(false);
            Print(callers, "put", rawPut, kvtPut);

            var (rawGet, kvtGet) = await PairAsync(callers, duration, async c =>
            {
                var i = NextKey(c);
                var read = await segments.ReadTableAsync(rawSegments[i], [keys[i].Raw], cancellationToken).ConfigureAwait(false);
                Interlocked.Add(ref misses, read[0] is null ? 1 : 0);
            }, async c =>
            {
                var entry = await table.GetAsync(keys[NextKey(c)].Kvt, cancellationToken).ConfigureAwait(false);
                Interlocked.Add(ref misses, entry is null ? 1 : 0);
            }, cancellationToken).ConfigureAwait(false);
            Print(callers, "get", rawGet, kvtGet);
        }
        Console.WriteLine();
        Console.WriteLine($"gets that found no value: {misses} (expected 0); store, controller and harness on this machine's {Environment.ProcessorCount} cores");
    }

    /// <summary>
    /// Raw and KVT cells in the order raw, KVT, KVT, raw, each half the duration, halves merged: whatever drifts during
    /// the run (the store's cache and log, the machine's other load) weighs on both sides alike.
    /// </summary>
    private static async Task<(ClosedLoopCell Raw, ClosedLoopCell Kvt)> PairAsync(int callers, TimeSpan duration, Func<int, Task> raw, Func<int, Task> kvt,
        CancellationToken cancellationToken)
    {
        var half = duration / 2;
        var raw1 = await ClosedLoop.CellAsync(callers, half, (c, _) => raw(c), cancellationToken).ConfigureAwait(false);
        var kvt1 = await ClosedLoop.CellAsync(callers, half, (c, _) => kvt(c), cancellationToken).ConfigureAwait(false);
        var kvt2 = await ClosedLoop.CellAsync(callers, half, (c, _) => kvt(c), cancellationToken).ConfigureAwait(false);
        var raw2 = await ClosedLoop.CellAsync(callers, half, (c, _) => raw(c), cancellationToken).ConfigureAwait(false);
        return (Merge(raw1, raw2), Merge(kvt1, kvt2));
    }

    /// <summary>Two cells of equal duration as one: the mean rate, both histograms.</summary>
    private static ClosedLoopCell Merge(ClosedLoopCell a, ClosedLoopCell b)
    {
        var units = (HdrHistogram.LongHistogram)a.Units.Copy();
        units.Add(b.Units);
        return new ClosedLoopCell((a.Rate + b.Rate) / 2, units);
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
