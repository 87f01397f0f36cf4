using System.Net;
using System.Text;
using Pravega.Perf.Client.Segments;
using Pravega.Perf.IntegrationTests.Helpers;

namespace Pravega.Perf.IntegrationTests.Client;

/// <summary>The client's exactly-once segment writer against a real store: batching, a store restart mid-stream, a seal.</summary>
public sealed class SegmentWriterTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static byte[] Event(int i) => Encoding.UTF8.GetBytes($"event-{i:D5}");

    private static async Task<List<string>> ReadAllAsync(LiveServer server, string segment)
    {
        await using var reader = await server.ConnectAsync();
        return EventParser.Parse(await reader.ReadAllAsync(segment)).Select(e => Encoding.UTF8.GetString(e)).ToList();
    }

    [Fact]
    public async Task Concurrent_writes_are_acknowledged_once_durable_and_stored_once_in_event_number_order()
    {
        await using var server = await LiveServer.StartAsync();
        var segment = Segments.NewName();
        await using var client = new SegmentStoreClient(new FixedEndpointResolver(server.EndPoint));
        await client.CreateSegmentAsync(segment, default, cancellationToken: Token);
        await using (var writer = new SegmentWriter(segment, new FixedEndpointResolver(server.EndPoint), maxInflightBytes: 4096))
        {
            // Concurrent callers, a small in-flight bound: batching and back-pressure both at work.
            var writes = Enumerable.Range(0, 2000).Select(i => writer.WriteAsync(Event(i), Token)).ToList();
            await Task.WhenAll(writes);
        }
        var stored = await ReadAllAsync(server, segment);
        Assert.Equal(Enumerable.Range(0, 2000).Select(i => $"event-{i:D5}"), stored);
    }

    [Fact]
    public async Task A_store_restarted_mid_stream_loses_nothing_acknowledged_and_stores_nothing_twice()
    {
        var server = await LiveServer.StartAsync();
        var port = ((IPEndPoint)server.EndPoint).Port;
        var directory = server.DataDirectory;
        try
        {
            var segment = Segments.NewName();
            await using (var client = new SegmentStoreClient(new FixedEndpointResolver(server.EndPoint)))
            {
                await client.CreateSegmentAsync(segment, default, cancellationToken: Token);
            }
            var options = new SegmentStoreClientOptions { InitialBackoff = TimeSpan.FromMilliseconds(20), MaxAttempts = 200 };
            await using var writer = new SegmentWriter(segment, new FixedEndpointResolver(new IPEndPoint(IPAddress.Loopback, port)), options);
            var first = Enumerable.Range(0, 500).Select(i => writer.WriteAsync(Event(i), Token)).ToList();
            await Task.WhenAll(first.Take(100));
            await server.StopAsync();
            server = await LiveServer.StartAsync(o => o.Port = port, dataDirectory: directory);
            var second = Enumerable.Range(500, 500).Select(i => writer.WriteAsync(Event(i), Token)).ToList();
            await Task.WhenAll(first.Concat(second));
            var stored = await ReadAllAsync(server, segment);
            Assert.Equal(Enumerable.Range(0, 1000).Select(i => $"event-{i:D5}"), stored);
        }
        finally
        {
            await server.StopAsync();
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task A_store_killed_with_appends_in_flight_gets_each_event_exactly_once_after_the_writer_reconnects()
    {
        var directory = Directory.CreateTempSubdirectory("pravega-writer-kill-").FullName;
        var port = PravegaProcess.FreePort();
        try
        {
            var store = await PravegaProcess.StartAsync(directory, port, Token);
            var segment = Segments.NewName();
            var endPoint = new IPEndPoint(IPAddress.Loopback, port);
            await using (var client = new SegmentStoreClient(new FixedEndpointResolver(endPoint)))
            {
                await client.CreateSegmentAsync(segment, default, cancellationToken: Token);
            }
            var options = new SegmentStoreClientOptions { InitialBackoff = TimeSpan.FromMilliseconds(20), MaxAttempts = 500 };
            await using var writer = new SegmentWriter(segment, new FixedEndpointResolver(endPoint), options);
            var writes = Enumerable.Range(0, 3000).Select(i => writer.WriteAsync(Event(i), Token)).ToList();
            await Task.WhenAll(writes.Take(200));
            // SIGKILL with appends in flight: some may be durable without their ack having left.
            store.Kill();
            await store.DisposeAsync();
            await using (var restarted = await PravegaProcess.StartAsync(directory, port, Token))
            {
                await Task.WhenAll(writes);
                await using var reader = await Testing.WireClient.WireTestClient.ConnectAsync(endPoint, cancellationToken: Token);
                await reader.HelloAsync();
                var stored = EventParser.Parse(await reader.ReadAllAsync(segment)).Select(e => Encoding.UTF8.GetString(e)).ToList();
                Assert.Equal(Enumerable.Range(0, 3000).Select(i => $"event-{i:D5}"), stored);
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task A_sealed_segment_fails_unacknowledged_and_later_writes_with_segment_sealed()
    {
        await using var server = await LiveServer.StartAsync();
        var segment = Segments.NewName();
        await using var client = new SegmentStoreClient(new FixedEndpointResolver(server.EndPoint));
        await client.CreateSegmentAsync(segment, default, cancellationToken: Token);
        await using var writer = new SegmentWriter(segment, new FixedEndpointResolver(server.EndPoint));
        await writer.WriteAsync(Event(0), Token);
        await client.SealSegmentAsync(segment, Token);
        await Assert.ThrowsAsync<SegmentSealedException>(() => writer.WriteAsync(Event(1), Token));
        await Assert.ThrowsAsync<SegmentSealedException>(() => writer.WriteAsync(Event(2), Token));
        Assert.Equal(["event-00000"], await ReadAllAsync(server, segment));
    }

    [Fact]
    public async Task A_writer_disposed_while_it_resolves_its_store_closes_quietly_whatever_the_cancelled_call_throws()
    {
        var resolver = new CancelledCallResolver();
        var writer = new SegmentWriter(Segments.NewName(), resolver);
        await resolver.Asked.Task.WaitAsync(TimeSpan.FromSeconds(30), Token);
        await writer.DisposeAsync();
    }

    /// <summary>Answers only when cancelled, and then as the controller's gRPC client does: not with an OperationCanceledException.</summary>
    private sealed class CancelledCallResolver : ISegmentEndpointResolver
    {
        public TaskCompletionSource Asked { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async ValueTask<EndPoint> ResolveAsync(string qualifiedSegmentName, CancellationToken cancellationToken)
        {
            Asked.TrySetResult();
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            catch (OperationCanceledException e)
            {
                throw new InvalidOperationException("the call was cancelled by the client", e);
            }
            throw new InvalidOperationException("unreachable");
        }

        public void Invalidate(string qualifiedSegmentName)
        {
        }
    }

    [Fact]
    public async Task A_missing_segment_fails_the_writes_with_segment_not_found()
    {
        await using var server = await LiveServer.StartAsync();
        await using var writer = new SegmentWriter(Segments.NewName(), new FixedEndpointResolver(server.EndPoint));
        await Assert.ThrowsAsync<SegmentNotFoundException>(() => writer.WriteAsync(Event(0), Token));
    }
}
