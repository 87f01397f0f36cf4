using Pravega.Perf.Common;
using System.Net;
using System.Text;
using Pravega.Perf.Client.Segments;
using Pravega.Perf.IntegrationTests.Helpers;

namespace Pravega.Perf.IntegrationTests.Client;

/// <summary>The client's segment layer against a real segment store: every operation, its failures, multiplexing, reconnects.</summary>
public sealed class SegmentStoreClientTests : IAsyncLifetime
{
    private LiveServer _server = null!;
    private SegmentStoreClient _client = null!;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _server = await LiveServer.StartAsync();
        _client = new SegmentStoreClient(new FixedEndpointResolver(_server.EndPoint));
    }

    public async ValueTask DisposeAsync()
    {
        await _client.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Segment_operations_succeed_and_repeat_idempotently()
    {
        var segment = Segments.NewName();
        Assert.True(await _client.CreateSegmentAsync(segment, new SegmentPolicy(SegmentScaleType.EventRate, 100), cancellationToken: Token));
        Assert.False(await _client.CreateSegmentAsync(segment, new SegmentPolicy(SegmentScaleType.EventRate, 100), cancellationToken: Token));
        await _client.UpdateSegmentPolicyAsync(segment, new SegmentPolicy(SegmentScaleType.Throughput, 10), Token);
        var info = await _client.GetSegmentInfoAsync(segment, Token);
        Assert.True(info.Exists && !info.IsSealed && info.WriteOffset == 0);
        await _client.SealSegmentAsync(segment, Token);
        await _client.SealSegmentAsync(segment, Token);
        Assert.True((await _client.GetSegmentInfoAsync(segment, Token)).IsSealed);
        Assert.True(await _client.DeleteSegmentAsync(segment, Token));
        Assert.False(await _client.DeleteSegmentAsync(segment, Token));
        Assert.False((await _client.GetSegmentInfoAsync(segment, Token)).Exists);
        await Assert.ThrowsAsync<SegmentNotFoundException>(() => _client.SealSegmentAsync(segment, Token));
    }

    [Fact]
    public async Task Reads_truncation_and_batch_merges_report_lengths_and_refuse_reads_below_the_start()
    {
        var target = Segments.NewName();
        // Transaction segments of the target: the same container, as a merge needs.
        var sources = new[] { Common.Naming.NameUtils.GetTransactionSegmentName(target, Common.Uuid.NewRandom()),
            Common.Naming.NameUtils.GetTransactionSegmentName(target, Common.Uuid.NewRandom()) };
        await _client.CreateSegmentAsync(target, default, cancellationToken: Token);
        await using (var wire = await _server.ConnectAsync())
        {
            foreach (var (segment, events) in new[] { (target, 3), (sources[0], 2), (sources[1], 1) })
            {
                if (segment != target)
                {
                    await wire.CreateSegmentAsync(segment);
                }
                var writer = Common.Uuid.NewRandom();
                await wire.SetupAppendAsync(writer, segment, wire.NextRequestId());
                for (var i = 1; i <= events; i++)
                {
                    wire.Append(writer, i, Encoding.UTF8.GetBytes($"{segment[^4..]}-{i}"));
                }
                await wire.FlushAsync();
                for (var i = 1; i <= events; i++)
                {
                    await wire.ReceiveAsync();
                }
            }
        }
        var before = (await _client.GetSegmentInfoAsync(target, Token)).WriteOffset;
        foreach (var source in sources)
        {
            await _client.SealSegmentAsync(source, Token);
        }
        var lengths = await _client.MergeSegmentsBatchAsync(target, sources, Token);
        Assert.Equal(2, lengths.Count);
        Assert.True(lengths[0] > before && lengths[1] > lengths[0]);
        var data = await _client.ReadSegmentAsync(target, 0, 1 << 20, Token);
        Assert.Equal(6, EventParser.Parse(data.Span).Count);
        await _client.TruncateSegmentAsync(target, before, Token);
        var truncated = await Assert.ThrowsAsync<SegmentTruncatedException>(() => _client.ReadSegmentAsync(target, 0, 100, Token));
        Assert.Equal(before, truncated.StartOffset);
        await Assert.ThrowsAsync<SegmentNotFoundException>(() => _client.ReadSegmentAsync(Segments.NewName(), 0, 100, Token));
    }

    [Fact]
    public async Task Table_updates_are_conditional_on_versions_and_report_each_failure()
    {
        var table = "scope/_tables/" + Guid.NewGuid().ToString("N");
        Assert.True(await _client.CreateTableSegmentAsync(table, cancellationToken: Token));
        Assert.False(await _client.CreateTableSegmentAsync(table, cancellationToken: Token));
        var key = "k"u8.ToArray();
        var versions = await _client.UpdateTableEntriesAsync(table, [new TableUpdate(key, "v1"u8.ToArray(), TableVersions.NotExists)], Token);
        await Assert.ThrowsAsync<TableKeyBadVersionException>(() =>
            _client.UpdateTableEntriesAsync(table, [new TableUpdate(key, "v2"u8.ToArray(), TableVersions.NotExists)], Token));
        var v2 = await _client.UpdateTableEntriesAsync(table, [new TableUpdate(key, "v2"u8.ToArray(), versions[0])], Token);
        await Assert.ThrowsAsync<TableKeyBadVersionException>(() =>
            _client.UpdateTableEntriesAsync(table, [new TableUpdate(key, "v3"u8.ToArray(), versions[0])], Token));
        await Assert.ThrowsAsync<TableKeyNotFoundException>(() =>
            _client.UpdateTableEntriesAsync(table, [new TableUpdate("missing"u8.ToArray(), "x"u8.ToArray(), 5)], Token));
        var read = await _client.ReadTableAsync(table, [key, "missing"u8.ToArray()], Token);
        Assert.Equal("v2", Encoding.UTF8.GetString(read[0]!.Value.Span));
        Assert.Equal(v2[0], read[0]!.Version);
        Assert.Null(read[1]);
        var page = await _client.ReadTableEntriesAsync(table, 10, default, Token);
        Assert.Equal("k", Encoding.UTF8.GetString(Assert.Single(page.Entries).Key.Span));
        Assert.Empty((await _client.ReadTableEntriesAsync(table, 10, page.ContinuationToken, Token)).Entries);
        await Assert.ThrowsAsync<TableSegmentNotEmptyException>(() => _client.DeleteTableSegmentAsync(table, mustBeEmpty: true, Token));
        await Assert.ThrowsAsync<TableKeyBadVersionException>(() => _client.RemoveTableKeysAsync(table, [new TableRemoval(key, versions[0])], Token));
        await _client.RemoveTableKeysAsync(table, [new TableRemoval(key, v2[0])], Token);
        await _client.RemoveTableKeysAsync(table, [new TableRemoval(key, TableVersions.NoVersion)], Token);
        Assert.True(await _client.DeleteTableSegmentAsync(table, mustBeEmpty: true, Token));
        Assert.False(await _client.DeleteTableSegmentAsync(table, cancellationToken: Token));
        await Assert.ThrowsAsync<SegmentNotFoundException>(() => _client.ReadTableAsync(table, [key], Token));
    }

    [Fact]
    public async Task Conditional_appends_store_only_at_the_expected_offset_and_fail_promptly_once_the_segment_is_gone()
    {
        await using var client = new SegmentStoreClient(new FixedEndpointResolver(_server.EndPoint), new SegmentStoreClientOptions { RequestTimeout = TimeSpan.FromSeconds(5), MaxAttempts = 1 });
        Assert.True(await client.CreateSegmentAsync("sc/_RGst/0.#epoch.0", default, cancellationToken: Token));
        var writer = Uuid.NewRandom();
        Assert.True(await client.ConditionalAppendAsync("sc/_RGst/0.#epoch.0", writer, 1, 0, new byte[10], Token));
        Assert.False(await client.ConditionalAppendAsync("sc/_RGst/0.#epoch.0", writer, 2, 0, new byte[10], Token));
        Assert.True(await client.ConditionalAppendAsync("sc/_RGst/0.#epoch.0", writer, 3, 18, new byte[10], Token));
        // The same event number again (a retry after a lost reply) is answered from AppendSetup, not stored twice.
        await using (var other = new SegmentStoreClient(new FixedEndpointResolver(_server.EndPoint)))
        {
            Assert.True(await other.ConditionalAppendAsync("sc/_RGst/0.#epoch.0", writer, 3, 18, new byte[10], Token));
        }
        Assert.Equal(36, (await client.GetSegmentInfoAsync("sc/_RGst/0.#epoch.0", Token)).WriteOffset);
        // A cancelled append (its outcome unknown to the client) makes the next one set the writer up again.
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            client.ConditionalAppendAsync("sc/_RGst/0.#epoch.0", writer, 4, 0, new byte[10], new CancellationToken(canceled: true)));
        await client.SealSegmentAsync("sc/_RGst/0.#epoch.0", Token);
        await Assert.ThrowsAsync<SegmentSealedException>(() => client.ConditionalAppendAsync("sc/_RGst/0.#epoch.0", writer, 5, 36, new byte[10], Token));
        Assert.True(await client.DeleteSegmentAsync("sc/_RGst/0.#epoch.0", Token));
        // One attempt: a store that never answered would make this SegmentStoreUnavailableException.
        await Assert.ThrowsAsync<SegmentNotFoundException>(() => client.ConditionalAppendAsync("sc/_RGst/0.#epoch.0", writer, 6, 36, new byte[10], Token));
    }

    [Fact]
    public async Task Concurrent_requests_share_the_stores_few_connections_and_each_gets_its_own_reply()
    {
        var names = Enumerable.Range(0, 50).Select(_ => Segments.NewName()).ToList();
        await Task.WhenAll(names.Select(n => _client.CreateSegmentAsync(n, default, cancellationToken: Token)));
        var infos = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => _client.GetSegmentInfoAsync(names[i % names.Count], Token)));
        for (var i = 0; i < infos.Length; i++)
        {
            Assert.Equal(names[i % names.Count], infos[i].Segment);
            Assert.True(infos[i].Exists);
        }
        Assert.InRange(_server.Server.ConnectionCount, 1, new SegmentStoreClientOptions().ConnectionsPerStore);
    }

    [Fact]
    public async Task A_restarted_store_is_reconnected_to_on_the_next_request()
    {
        var segment = Segments.NewName();
        await _client.CreateSegmentAsync(segment, default, cancellationToken: Token);
        var port = ((IPEndPoint)_server.EndPoint).Port;
        var directory = _server.DataDirectory;
        await _server.StopAsync();
        _server = await LiveServer.StartAsync(o => o.Port = port, dataDirectory: directory);
        try
        {
            Assert.True((await _client.GetSegmentInfoAsync(segment, Token)).Exists);
        }
        finally
        {
            await _server.StopAsync();
            _server = await LiveServer.StartAsync();
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task A_store_that_answers_hello_and_then_nothing_is_dropped_by_keep_alive_instead_of_waited_for_forever()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Token);
        var silent = Task.Run(async () =>
        {
            var sockets = new List<System.Net.Sockets.Socket>();
            try
            {
                while (true)
                {
                    var socket = await listener.AcceptSocketAsync(stop.Token);
                    sockets.Add(socket);
                    var hello = new System.Buffers.ArrayBufferWriter<byte>();
                    new Pravega.Perf.Wire.Commands.Hello(Pravega.Perf.Wire.WireProtocol.WireVersion, Pravega.Perf.Wire.WireProtocol.OldestCompatibleVersion).WriteTo(hello);
                    await socket.SendAsync(hello.WrittenMemory, System.Net.Sockets.SocketFlags.None, stop.Token);
                    // Then silence: requests and keep-alives are read by the kernel and never answered.
                }
            }
            catch (OperationCanceledException)
            {
                sockets.ForEach(s => s.Dispose());
            }
        }, Token);
        var options = new SegmentStoreClientOptions { KeepAliveInterval = TimeSpan.FromMilliseconds(200), MaxAttempts = 2, InitialBackoff = TimeSpan.FromMilliseconds(10) };
        await using (var client = new SegmentStoreClient(new FixedEndpointResolver(listener.LocalEndpoint), options))
        {
            // A read at the tail has no request timeout: only the keep-alive can end it.
            await Assert.ThrowsAsync<SegmentStoreUnavailableException>(() => client.ReadAsync("sc/st/0.#epoch.0", 0, 100, Token));
        }
        await stop.CancelAsync();
        await silent;
    }

    [Fact]
    public async Task A_store_that_is_not_there_fails_with_unavailable_within_the_retry_budget()
    {
        var options = new SegmentStoreClientOptions { MaxAttempts = 3, InitialBackoff = TimeSpan.FromMilliseconds(5), ConnectTimeout = TimeSpan.FromSeconds(1) };
        await using var client = new SegmentStoreClient(new FixedEndpointResolver(new IPEndPoint(IPAddress.Loopback, PravegaProcess.FreePort())), options);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await Assert.ThrowsAsync<SegmentStoreUnavailableException>(() => client.GetSegmentInfoAsync("a/b/0.#epoch.0", Token));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"gave up after {clock.Elapsed}");
    }
}
