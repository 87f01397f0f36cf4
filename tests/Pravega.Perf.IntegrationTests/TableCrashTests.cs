using Pravega.Perf.IntegrationTests.Helpers;
using Pravega.Perf.Testing.WireClient;
using Pravega.Perf.Wire.Commands;
using static Pravega.Perf.IntegrationTests.Helpers.Tables;

namespace Pravega.Perf.IntegrationTests;

/// <summary>
/// SIGKILL of a real segment-store process while a table churns and its compaction (tiny thresholds: it runs after
/// almost every update) and index snapshots run in the background; after each restart every acknowledged update is
/// there with its acknowledged version (compaction keeps versions), and conditional updates on those versions work.
/// </summary>
public sealed class TableCrashTests
{
    private const int Cycles = 4;
    private const int KeyCount = 16;
    private const int MinAcksPerCycle = 150;

    private static readonly string[] Maintenance =
    [
        "--Tables:MinCompactionLength=2048",
        "--Tables:MaxCompactionBytes=4096",
        "--Tables:SnapshotIntervalBytes=4096",
    ];

    [Fact]
    public async Task Acknowledged_table_updates_survive_sigkills_during_compaction_with_their_versions()
    {
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        bound.CancelAfter(TimeSpan.FromSeconds(110));
        var random = new Random(20261202);
        var directory = Directory.CreateTempSubdirectory("pravega-table-crash-").FullName;
        var port = PravegaProcess.FreePort();
        var table = NewName();
        var keys = Enumerable.Range(0, KeyCount).Select(i => "key" + i).ToArray();
        // What the store acknowledged per key (null value = removed), and the one update that may be in flight at the kill.
        var acked = keys.ToDictionary(k => k, _ => (Version: TableKey.NotExists, Value: (string?)null));
        PravegaProcess? child = null;
        try
        {
            for (var cycle = 0; cycle <= Cycles; cycle++)
            {
                child = await PravegaProcess.StartAsync(directory, port, bound.Token, Maintenance);
                await using var client = await WireTestClient.ConnectAsync(child.EndPoint, 0, bound.Token);
                await client.HelloAsync();
                if (cycle == 0)
                {
                    await client.CreateTableAsync(table);
                }
                await VerifyAsync(client, table, acked, cycle);
                if (cycle == Cycles)
                {
                    await client.SendAsync(new GetTableSegmentInfo(client.NextRequestId(), table, string.Empty));
                    var info = await client.ReceiveAsync<TableSegmentInfo>();
                    Assert.True(info.StartOffset > 0, $"compaction truncated the head during the run (start {info.StartOffset}, length {info.Length})");
                    break;
                }

                var inFlight = new InFlight();
                using var stop = CancellationTokenSource.CreateLinkedTokenSource(bound.Token);
                var churn = ChurnAsync(child, table, keys, acked, inFlight, cycle, random.Next(), stop.Token);
                while (Volatile.Read(ref inFlight.Acks) < MinAcksPerCycle && !churn.IsCompleted)
                {
                    await Task.Delay(10, bound.Token);
                }
                await Task.Delay(random.Next(0, 300), bound.Token);
                child.Kill();
                await stop.CancelAsync();
                await churn;
                TestContext.Current.TestOutputHelper?.WriteLine($"cycle {cycle}: {inFlight.Acks} acknowledged updates before the kill");
                // An update sent but not acknowledged may or may not have been stored: learn which from the store.
                if (inFlight.Key is { } key)
                {
                    await child.DisposeAsync();
                    child = await PravegaProcess.StartAsync(directory, port, bound.Token, Maintenance);
                    await using var probe = await WireTestClient.ConnectAsync(child.EndPoint, 0, bound.Token);
                    await probe.HelloAsync();
                    var now = (await probe.GetAsync(table, key))[0];
                    var value = now.Key.KeyVersion == TableKey.NotExists ? null : Text(now.Value);
                    Assert.True(value == acked[key].Value || value == inFlight.Value,
                        $"cycle {cycle}: {key} is '{value}', neither the acknowledged '{acked[key].Value}' nor the in-flight '{inFlight.Value}'");
                    acked[key] = (now.Key.KeyVersion, value);
                }
                await child.DisposeAsync();
                child = null;
            }
        }
        finally
        {
            if (child is not null)
            {
                await child.DisposeAsync();
            }
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>Every key has exactly its acknowledged version and value.</summary>
    private static async Task VerifyAsync(WireTestClient client, string table, Dictionary<string, (long Version, string? Value)> acked, int cycle)
    {
        var keys = acked.Keys.ToArray();
        var read = await client.GetAsync(table, keys);
        for (var i = 0; i < keys.Length; i++)
        {
            var (version, value) = acked[keys[i]];
            var got = read[i].Key.KeyVersion == TableKey.NotExists ? null : Text(read[i].Value);
            Assert.True(read[i].Key.KeyVersion == version && got == value,
                $"after restart {cycle}: {keys[i]} is ({read[i].Key.KeyVersion}, '{got}'), acknowledged ({version}, '{value}')");
        }
    }

    /// <summary>Conditional puts (on the acknowledged version) and removals of random keys, one at a time, until the
    /// connection dies.</summary>
    private static async Task ChurnAsync(PravegaProcess child, string table, string[] keys,
        Dictionary<string, (long Version, string? Value)> acked, InFlight inFlight, int cycle, int seed, CancellationToken cancellationToken)
    {
        var random = new Random(seed);
        try
        {
            await using var client = await WireTestClient.ConnectAsync(child.EndPoint, 0, cancellationToken);
            await client.HelloAsync();
            for (var n = 0; !cancellationToken.IsCancellationRequested; n++)
            {
                var key = keys[random.Next(keys.Length)];
                var (version, _) = acked[key];
                var remove = version != TableKey.NotExists && random.Next(10) == 0;
                var value = remove ? null : $"c{cycle}-n{n}-" + new string('x', random.Next(0, 200));
                inFlight.Key = key;
                inFlight.Value = value;
                var reply = remove
                    ? await client.RemoveAsync(table, Key(key, version))
                    : await client.UpdateAsync(table, Entry(key, value!, version));
                acked[key] = reply.Command switch
                {
                    TableEntriesUpdated updated => (updated.UpdatedVersions[0], value),
                    TableKeysRemoved => (TableKey.NotExists, null),
                    _ => throw new InvalidOperationException($"cycle {cycle}: update of {key} at version {version} answered {reply}"),
                };
                inFlight.Key = null;
                Interlocked.Increment(ref inFlight.Acks);
            }
        }
        catch (Exception e) when (e is EndOfStreamException or IOException or OperationCanceledException or TimeoutException
            or System.Net.Sockets.SocketException)
        {
            // The kill.
        }
    }

    private sealed class InFlight
    {
        public int Acks;

        public string? Key { get; set; }

        public string? Value { get; set; }
    }
}
