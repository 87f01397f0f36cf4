using System.Net;
using System.Text;
using Pravega.Perf.Client.Segments;
using Pravega.Perf.IntegrationTests.Helpers;

namespace Pravega.Perf.IntegrationTests.Client;

/// <summary>
/// Segment writers sharing an <see cref="AppendConnectionPool"/>: one connection per store carries every writer's
/// session; an error for one session leaves the others alone; a killed store costs no acknowledged event and stores
/// none twice, for every writer on the connection.
/// </summary>
public sealed class SharedAppendConnectionTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static byte[] Event(int writer, int i) => Encoding.UTF8.GetBytes($"w{writer}-{i:D5}");

    private static List<string> Expected(int writer, int count) => Enumerable.Range(0, count).Select(i => $"w{writer}-{i:D5}").ToList();

    private static async Task<List<string>> ReadAllAsync(EndPoint endPoint, string segment)
    {
        await using var reader = await Testing.WireClient.WireTestClient.ConnectAsync(endPoint, cancellationToken: Token);
        await reader.HelloAsync();
        return EventParser.Parse(await reader.ReadAllAsync(segment)).Select(e => Encoding.UTF8.GetString(e)).ToList();
    }

    private static async Task<string[]> CreateSegmentsAsync(EndPoint endPoint, int count)
    {
        var segments = Enumerable.Range(0, count).Select(_ => Segments.NewName()).ToArray();
        await using var client = new SegmentStoreClient(new FixedEndpointResolver(endPoint));
        foreach (var segment in segments)
        {
            await client.CreateSegmentAsync(segment, default, cancellationToken: Token);
        }
        return segments;
    }

    [Fact]
    public async Task Writers_sharing_a_pool_use_one_connection_and_each_stores_its_events_once_in_order()
    {
        await using var server = await LiveServer.StartAsync();
        var segments = await CreateSegmentsAsync(server.EndPoint, 8);
        // The set-up client's connections close asynchronously on the server: wait until none is left.
        for (var wait = 0; server.Server.ConnectionCount > 0 && wait < 500; wait++)
        {
            await Task.Delay(10, Token);
        }
        Assert.Equal(0, server.Server.ConnectionCount);
        await using (var pool = new AppendConnectionPool())
        {
            var writers = segments.Select(s => new SegmentWriter(s, new FixedEndpointResolver(server.EndPoint), pool, maxInflightBytes: 8192)).ToList();
            // Interleaved across writers, with a small in-flight bound: blocks of several sessions share each flush.
            var writes = new List<Task>();
            for (var i = 0; i < 500; i++)
            {
                for (var w = 0; w < writers.Count; w++)
                {
                    writes.Add(writers[w].WriteAsync(Event(w, i), Token));
                }
            }
            await Task.WhenAll(writes);
            Assert.Equal(1, server.Server.ConnectionCount);
            foreach (var writer in writers)
            {
                await writer.DisposeAsync();
            }
        }
        for (var w = 0; w < segments.Length; w++)
        {
            Assert.Equal(Expected(w, 500), await ReadAllAsync(server.EndPoint, segments[w]));
        }
    }

    [Fact]
    public async Task A_sealed_segment_fails_its_writer_and_leaves_the_others_on_the_connection_writing()
    {
        await using var server = await LiveServer.StartAsync();
        var segments = await CreateSegmentsAsync(server.EndPoint, 2);
        await using var pool = new AppendConnectionPool();
        await using var sealedWriter = new SegmentWriter(segments[0], new FixedEndpointResolver(server.EndPoint), pool);
        await using var other = new SegmentWriter(segments[1], new FixedEndpointResolver(server.EndPoint), pool);
        await Task.WhenAll(sealedWriter.WriteAsync(Event(0, 0), Token), other.WriteAsync(Event(1, 0), Token));
        await using (var client = new SegmentStoreClient(new FixedEndpointResolver(server.EndPoint)))
        {
            await client.SealSegmentAsync(segments[0], Token);
        }
        await Assert.ThrowsAsync<SegmentSealedException>(() => sealedWriter.WriteAsync(Event(0, 1), Token));
        for (var i = 1; i < 100; i++)
        {
            await other.WriteAsync(Event(1, i), Token);
        }
        Assert.Equal(Expected(0, 1), await ReadAllAsync(server.EndPoint, segments[0]));
        Assert.Equal(Expected(1, 100), await ReadAllAsync(server.EndPoint, segments[1]));
    }

    [Fact]
    public async Task A_pool_disposed_before_its_writer_fails_the_writers_later_events_instead_of_leaving_them_waiting()
    {
        await using var server = await LiveServer.StartAsync();
        var segments = await CreateSegmentsAsync(server.EndPoint, 1);
        var pool = new AppendConnectionPool();
        await using var writer = new SegmentWriter(segments[0], new FixedEndpointResolver(server.EndPoint), pool);
        await writer.WriteAsync(Event(0, 0), Token);
        await pool.DisposeAsync();
        var late = writer.WriteAsync(Event(0, 1), Token);
        await Assert.ThrowsAsync<SegmentStoreUnavailableException>(() => late.WaitAsync(TimeSpan.FromSeconds(30), Token));
        Assert.Equal(Expected(0, 1), await ReadAllAsync(server.EndPoint, segments[0]));
    }

    [Fact]
    public async Task A_store_killed_under_a_shared_connection_gets_each_writers_events_exactly_once()
    {
        var directory = Directory.CreateTempSubdirectory("pravega-shared-kill-").FullName;
        var port = PravegaProcess.FreePort();
        try
        {
            var store = await PravegaProcess.StartAsync(directory, port, Token);
            var endPoint = new IPEndPoint(IPAddress.Loopback, port);
            var segments = await CreateSegmentsAsync(endPoint, 4);
            var options = new SegmentStoreClientOptions { InitialBackoff = TimeSpan.FromMilliseconds(20), MaxAttempts = 500 };
            await using var pool = new AppendConnectionPool(options);
            var writers = segments.Select(s => new SegmentWriter(s, new FixedEndpointResolver(endPoint), pool, options)).ToList();
            var writes = writers.Select((writer, w) => Enumerable.Range(0, 1500).Select(i => writer.WriteAsync(Event(w, i), Token)).ToList()).ToList();
            await Task.WhenAll(writes.Select(list => Task.WhenAll(list.Take(100))));
            // SIGKILL with appends of every session in flight: some may be durable without their ack having left.
            store.Kill();
            await store.DisposeAsync();
            await using (var restarted = await PravegaProcess.StartAsync(directory, port, Token))
            {
                await Task.WhenAll(writes.SelectMany(list => list));
                for (var w = 0; w < segments.Length; w++)
                {
                    Assert.Equal(Expected(w, 1500), await ReadAllAsync(endPoint, segments[w]));
                }
                foreach (var writer in writers)
                {
                    await writer.DisposeAsync();
                }
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
