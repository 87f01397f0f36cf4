using BenchmarkDotNet.Attributes;
using Pravega.Perf.Benchmarks.SegmentStore;
using Pravega.Perf.SegmentStore;
using Pravega.Perf.SegmentStore.Contracts.Tables;
using Pravega.Perf.SegmentStore.Tables;

namespace Pravega.Perf.Benchmarks.Tables;

/// <summary>
/// Table-segment puts and gets of 1 KiB values through <see cref="TableStore"/> on the engine (WAL device discards
/// frames, so this is the table store's and the engine's own cost, no disk, no TCP). Each client updates its own
/// 1,000 keys one request at a time (as a wire connection does); <see cref="Clients"/> clients run at once on one
/// table segment, so their updates queue on the table's update lock and share group commits. Background compaction
/// and snapshots run as in production (default thresholds).
/// The reported time is per operation of one client: all clients together do <c>Clients / Mean</c> operations per second.
/// Run (short): <c>dotnet run -c Release --project bench/Pravega.Perf.Benchmarks -- --filter '*TableStore*'</c>
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 8)]
public class TableStoreBenchmarks
{
    private const int OperationsPerClient = 1000;
    private const int KeysPerClient = 1000;
    private const string Table = "_system/_tables/bench";

    private SegmentStoreService _store = null!;
    private TableStore _tables = null!;
    private byte[][][] _keys = null!;
    private long[][] _versions = null!;
    private ReadOnlyMemory<byte> _value;

    [Params(1, 16)]
    public int Clients { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _store = DiscardingStore.Start();
        _tables = new TableStore(_store);
        _tables.CreateAsync(Table, TableSegmentConfig.Hash).GetAwaiter().GetResult();
        _value = new byte[1024];
        _keys = [.. Enumerable.Range(0, Clients).Select(c => Enumerable.Range(0, KeysPerClient)
            .Select(k => System.Text.Encoding.UTF8.GetBytes($"client-{c}/key-{k:D6}")).ToArray())];
        _versions = [.. Enumerable.Range(0, Clients).Select(_ => new long[KeysPerClient])];
        // Every key exists with a known version, so gets hit and conditional puts have a condition.
        for (var c = 0; c < Clients; c++)
        {
            for (var k = 0; k < KeysPerClient; k++)
            {
                _versions[c][k] = _tables.UpdateAsync(Table, [TableEntry.Unversioned(_keys[c][k], _value)]).GetAwaiter().GetResult()[0];
            }
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _tables.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _store.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    [Benchmark(OperationsPerInvoke = OperationsPerClient)]
    public Task PutUnconditional() => RunClientsAsync(async (c, k) =>
        _versions[c][k] = (await _tables.UpdateAsync(Table, [TableEntry.Unversioned(_keys[c][k], _value)]).ConfigureAwait(false))[0]);

    [Benchmark(OperationsPerInvoke = OperationsPerClient)]
    public Task PutConditional() => RunClientsAsync(async (c, k) =>
        _versions[c][k] = (await _tables.UpdateAsync(Table, [TableEntry.Versioned(_keys[c][k], _value, _versions[c][k])]).ConfigureAwait(false))[0]);

    [Benchmark(OperationsPerInvoke = OperationsPerClient)]
    public Task Get() => RunClientsAsync(async (c, k) =>
    {
        var entry = (await _tables.GetAsync(Table, [_keys[c][k]]).ConfigureAwait(false))[0];
        if (entry is null)
        {
            throw new InvalidOperationException("a key of the benchmark is missing");
        }
    });

    /// <summary>Runs <see cref="Clients"/> clients, each doing <see cref="OperationsPerClient"/> sequential operations;
    /// the reported time is per operation of one client (so ops/s of all clients = Clients / mean).</summary>
    private Task RunClientsAsync(Func<int, int, Task> operation) =>
        Task.WhenAll(Enumerable.Range(0, Clients).Select(c => Task.Run(async () =>
        {
            for (var i = 0; i < OperationsPerClient; i++)
            {
                await operation(c, i % KeysPerClient).ConfigureAwait(false);
            }
        })));
}
