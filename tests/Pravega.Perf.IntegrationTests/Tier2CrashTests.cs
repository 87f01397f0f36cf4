using System.Buffers.Binary;
using System.Net.Sockets;
using Pravega.Perf.Common;
using Pravega.Perf.IntegrationTests.Helpers;
using Pravega.Perf.Testing.WireClient;
using Pravega.Perf.Wire.Commands;

namespace Pravega.Perf.IntegrationTests;

/// <summary>
/// Real processes with Tier-2 working hard: a 1 MiB cache and flushes as soon as data is committed, so that the
/// storage writer is flushing, checkpointing and concatenating whenever SIGKILL lands, and most of what is read back
/// after the restarts is served from Tier-2 (a byte written twice there, or lost, would break the event framing or the
/// exactly-once check).
/// </summary>
public sealed class Tier2CrashTests
{
    private static readonly string[] Tier2Arguments =
    [
        "--SegmentStore:StorageFlushAgeMs=0",
        "--SegmentStore:CacheSizeBytes=1048576",
        "--SegmentStore:CacheBlockSize=4096",
        "--SegmentStore:StorageReadAlignment=65536",
        "--SegmentStore:StorageReadAheadBytes=262144",
        "--SegmentStore:StorageMaxFlushBytes=262144",
        "--SegmentStore:StorageMaxChunkLength=1048576",
        "--SegmentStore:StorageRetryDelayMs=50",
        "--SegmentStore:CheckpointFrameInterval=20",
    ];

    /// <param name="writeMode">Tier-2 chunk writes: Direct (O_DIRECT, what Auto picks on a local disk) or Buffered.</param>
    [Theory]
    [InlineData("Direct")]
    [InlineData("Buffered")]
    public async Task Acknowledged_events_survive_sigkills_during_flushes_and_come_back_from_tier2_exactly_once(string writeMode)
    {
        var output = await CrashScenario.RunAsync("pravega-tier2-crash-", [.. Tier2Arguments, "--SegmentStore:StorageWriteMode=" + writeMode],
            cycles: 4, minAcksPerCycle: 1500, seed: 20261202, TimeSpan.FromSeconds(100));
        TestContext.Current.TestOutputHelper?.WriteLine(output);
    }

    [Fact]
    public async Task Merged_transactions_survive_sigkills_during_concat_exactly_once_and_in_merge_order()
    {
        const int Cycles = 4;
        const int EventsPerTransaction = 40;
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        bound.CancelAfter(TimeSpan.FromSeconds(100));
        var random = new Random(20261203);
        var directory = Directory.CreateTempSubdirectory("pravega-tier2-merge-").FullName;
        var port = PravegaProcess.FreePort();
        var parent = Segments.NewName("merge");
        var merged = new List<int>();
        int? inFlight = null;
        var next = 0;
        PravegaProcess? child = null;
        try
        {
            for (var cycle = 0; cycle <= Cycles; cycle++)
            {
                child = await PravegaProcess.StartAsync(directory, port, bound.Token, Tier2Arguments);
                await using (var client = await WireTestClient.ConnectAsync(child.EndPoint, 4096, bound.Token))
                {
                    await client.HelloAsync();
                    if (cycle == 0)
                    {
                        await client.CreateSegmentAsync(parent);
                    }
                    if (inFlight is { } pending)
                    {
                        // Killed between MERGE_SEGMENTS and its reply: merged (the source is gone) or not (merge again).
                        if ((await client.GetSegmentInfoAsync(Transaction(parent, pending))).Exists)
                        {
                            await client.SendAsync(new MergeSegments(client.NextRequestId(), parent, Transaction(parent, pending), string.Empty, []));
                            try
                            {
                                await client.ReceiveAsync<SegmentsMerged>();
                            }
                            catch (EndOfStreamException e)
                            {
                                throw new InvalidOperationException($"merging transaction {pending} again failed: {child.RecentOutput}", e);
                            }
                        }
                        merged.Add(pending);
                        inFlight = null;
                    }
                }
                if (cycle == Cycles)
                {
                    break;
                }
                var endPoint = child.EndPoint;
                var victim = child;
                var killer = Task.Delay(random.Next(300, 1200), bound.Token).ContinueWith(_ => victim.Kill(), TaskScheduler.Default);
                try
                {
                    await using var client = await WireTestClient.ConnectAsync(endPoint, 4096, bound.Token);
                    await client.HelloAsync();
                    while (true)
                    {
                        var txn = next++;
                        var name = Transaction(parent, txn);
                        await client.CreateSegmentAsync(name);
                        var writer = Uuid.NewRandom();
                        await client.SetupAppendAsync(writer, name, client.NextRequestId());
                        for (var e = 1; e <= EventsPerTransaction; e++)
                        {
                            client.Append(writer, e, Payload(txn, e));
                        }
                        client.Blocks.CloseOpenBlock();
                        await client.FlushAsync();
                        while ((await client.ReceiveAsync<DataAppended>()).EventNumber < EventsPerTransaction)
                        {
                        }
                        inFlight = txn;
                        await client.SendAsync(new MergeSegments(client.NextRequestId(), parent, name, string.Empty, []));
                        await client.ReceiveAsync<SegmentsMerged>();
                        merged.Add(txn);
                        inFlight = null;
                    }
                }
                catch (Exception e) when (e is IOException or EndOfStreamException or SocketException or TimeoutException
                    or OperationCanceledException)
                {
                    // Killed under us.
                }
                await killer;
                await victim.DisposeAsync();
                child = null;
                TestContext.Current.TestOutputHelper?.WriteLine($"cycle {cycle}: {merged.Count} transactions merged, one in flight: {inFlight is not null}");
            }

            Assert.True(merged.Count >= Cycles, $"only {merged.Count} merges were acknowledged");
            await using var reader = await WireTestClient.ConnectAsync(child!.EndPoint, 0, bound.Token);
            await reader.HelloAsync();
            var events = EventParser.Parse(await reader.ReadAllAsync(parent));
            Check.Equal(merged.Count * EventsPerTransaction, events.Count, "events in the parent (each merged transaction once, whole)");
            for (var i = 0; i < events.Count; i++)
            {
                var txn = merged[i / EventsPerTransaction];
                var e = (i % EventsPerTransaction) + 1;
                Check.Bytes(Payload(txn, e), events[i], $"event {e} of transaction {txn} (merge #{i / EventsPerTransaction})");
            }
            TestContext.Current.TestOutputHelper?.WriteLine(child.RecentOutput);
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

    private static string Transaction(string parent, int txn) => $"{parent}#transaction.{txn:x32}";

    private static byte[] Payload(int txn, int number)
    {
        var payload = Segments.Payload(txn * 1000 + number, 500 + ((txn * 7 + number * 13) % 2500));
        BinaryPrimitives.WriteInt32BigEndian(payload, txn);
        BinaryPrimitives.WriteInt32BigEndian(payload.AsSpan(4), number);
        return payload;
    }
}
