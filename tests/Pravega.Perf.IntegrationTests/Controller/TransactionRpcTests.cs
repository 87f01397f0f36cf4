using System.Net;
using System.Text;
using Grpc.Core;
using Pravega.Perf.Client;
using Pravega.Perf.Client.Readers;
using Pravega.Perf.Client.Segments;
using Pravega.Perf.Client.Streams;
using Pravega.Perf.Client.Writers;
using Pravega.Perf.Common;
using Pravega.Perf.Common.Naming;
using Pravega.Perf.Controller;
using Pravega.Perf.Controller.Contracts.V1;
using Pravega.Perf.IntegrationTests.Helpers;
using static Pravega.Perf.IntegrationTests.Helpers.ControllerHarness;

namespace Pravega.Perf.IntegrationTests.Controller;

/// <summary>
/// Transactions over real gRPC with a real segment store: transaction segments written by wire-level writers while a
/// plain writer keeps appending; each committed transaction must land whole, contiguous and in commit order; an
/// aborted or expired one must leave nothing; one opened before a scale and committed after it is read in order.
/// </summary>
public sealed class TransactionRpcTests
{
    private static readonly ControllerOptions ShortLeases = new() { TransactionLeaseMin = TimeSpan.FromMilliseconds(100), TransactionLeaseCheckPeriod = TimeSpan.FromMilliseconds(50) };

    internal static async Task<CreateTxnResponse> OpenAsync(ControllerService.ControllerServiceClient client, string stream, long lease = 30_000) =>
        await client.createTransactionAsync(new CreateTxnRequest { StreamInfo = Info("sc", stream), Lease = lease }, cancellationToken: Token);

    internal static Uuid IdOf(CreateTxnResponse txn) => new(txn.TxnId.HighBits, txn.TxnId.LowBits);

    internal static TxnRequest Request(string stream, CreateTxnResponse txn) => new() { StreamInfo = Info("sc", stream), TxnId = txn.TxnId };

    /// <summary>Writes the events to the transaction's segment that shadows active segment <paramref name="segmentIndex"/>.</summary>
    internal static async Task WriteAsync(EndPoint store, string stream, CreateTxnResponse txn, IEnumerable<string> events, int segmentIndex = 0)
    {
        var parent = NameUtils.GetQualifiedStreamSegmentName("sc", stream, txn.ActiveSegments[segmentIndex].SegmentId.SegmentId_);
        await using var writer = new SegmentWriter(NameUtils.GetTransactionSegmentName(parent, IdOf(txn)), new FixedEndpointResolver(store));
        await Task.WhenAll(events.Select(e => writer.WriteAsync(Encoding.UTF8.GetBytes(e), Token)));
    }

    internal static async Task WaitForStateAsync(ControllerService.ControllerServiceClient client, string stream, CreateTxnResponse txn, TxnState.Types.State state)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((await client.checkTransactionStateAsync(Request(stream, txn), cancellationToken: Token)).State != state)
        {
            Assert.True(DateTime.UtcNow < deadline, $"transaction never became {state}");
            await Task.Delay(20, Token);
        }
    }

    /// <summary>Every event of a segment, in order, as text.</summary>
    internal static async Task<List<string>> ReadSegmentAsync(EndPoint store, string segment)
    {
        await using var client = new SegmentStoreClient(new FixedEndpointResolver(store));
        var length = (await client.GetSegmentInfoAsync(segment, Token)).WriteOffset;
        var bytes = new List<byte>();
        while (bytes.Count < length)
        {
            bytes.AddRange((await client.ReadSegmentAsync(segment, bytes.Count, 1 << 20, Token)).ToArray());
        }
        return EventParser.Parse(bytes.ToArray()).Select(e => Encoding.UTF8.GetString(e)).ToList();
    }

    private static ClientConfig ConfigOf(ControllerHarness h) => new() { ControllerUri = new Uri($"tcp://127.0.0.1:{h.Controller.Address!.Port}") };

    [Fact]
    public async Task Committed_transactions_land_whole_and_in_commit_order_among_plain_writes_and_aborted_or_expired_ones_leave_nothing()
    {
        await using var h = await ControllerHarness.StartAsync(options: ShortLeases);
        await h.CreateScopeAsync("sc");
        await h.CreateStreamAsync("sc", "s", 1);
        var txns = new List<CreateTxnResponse>();
        for (var t = 0; t < 5; t++)
        {
            txns.Add(await OpenAsync(h.Client, "s", lease: t == 4 ? 300 : 30_000));
            await WriteAsync(h.Store.EndPoint, "s", txns[t], Enumerable.Range(0, 20).Select(j => $"t{t}-{j}"));
        }

        using var stop = new CancellationTokenSource();
        var plain = 0;
        var writing = Task.Run(async () =>
        {
            await using var writer = await EventStreamWriter<string>.CreateAsync(ConfigOf(h), new ScopedStream("sc", "s"), new Utf8StringSerializer(), Token);
            while (!stop.IsCancellationRequested || plain < 200)
            {
                await writer.WriteEventAsync("k", $"p{plain}", Token);
                plain++;
            }
        }, Token);
        foreach (var t in new[] { 2, 0, 1 })
        {
            Assert.Equal(TxnStatus.Types.Status.Success, (await h.Client.commitTransactionAsync(Request("s", txns[t]), cancellationToken: Token)).Status);
        }
        Assert.Equal(TxnStatus.Types.Status.Success, (await h.Client.abortTransactionAsync(Request("s", txns[3]), cancellationToken: Token)).Status);
        foreach (var t in new[] { 2, 0, 1 })
        {
            await WaitForStateAsync(h.Client, "s", txns[t], TxnState.Types.State.Committed);
        }
        await WaitForStateAsync(h.Client, "s", txns[4], TxnState.Types.State.Aborted);
        await stop.CancelAsync();
        await writing;

        var events = await ReadSegmentAsync(h.Store.EndPoint, "sc/s/0.#epoch.0");
        Assert.Equal(Enumerable.Range(0, plain).Select(i => $"p{i}"), events.Where(e => e[0] == 'p'));
        var blocks = events.Select((e, i) => (e, i)).Where(x => x.e[0] == 't').GroupBy(x => x.e.Split('-')[0]).ToList();
        Assert.Equal(["t2", "t0", "t1"], blocks.Select(b => b.Key));
        foreach (var block in blocks)
        {
            Assert.Equal(Enumerable.Range(0, 20).Select(j => $"{block.Key}-{j}"), block.Select(x => x.e));
            Assert.Equal(19, block.Last().i - block.First().i);
        }
        foreach (var t in new[] { 3, 4 })
        {
            var parent = NameUtils.GetQualifiedStreamSegmentName("sc", "s", txns[t].ActiveSegments[0].SegmentId.SegmentId_);
            Assert.False(await h.SegmentExistsAsync(NameUtils.GetTransactionSegmentName(parent, IdOf(txns[t]))));
        }
        var completed = await h.Client.listCompletedTransactionsAsync(new ListCompletedTxnRequest { StreamInfo = Info("sc", "s") }, cancellationToken: Token);
        Assert.Equal(5, completed.Response.Count);
        Assert.Equal(2, completed.Response.Count(r => r.Status == TxnResponse.Types.Status.Aborted));
    }

    [Fact]
    public async Task A_transaction_opened_before_a_scale_and_committed_after_it_is_read_between_what_came_before_and_after_the_commit()
    {
        await using var h = await ControllerHarness.StartAsync();
        await h.CreateScopeAsync("sc");
        await h.CreateStreamAsync("sc", "s", 1);
        var config = ConfigOf(h);
        var stream = new ScopedStream("sc", "s");
        await using (var writer = await EventStreamWriter<string>.CreateAsync(config, stream, new Utf8StringSerializer(), Token))
        {
            await Task.WhenAll(Enumerable.Range(0, 20).Select(i => writer.WriteEventAsync("key-" + (i % 4), $"before-{i}", Token)));
            var txn = await OpenAsync(h.Client, "s");
            await WriteAsync(h.Store.EndPoint, "s", txn, Enumerable.Range(0, 10).Select(j => $"txn-{j}"));
            var scale = new ScaleRequest { StreamInfo = Info("sc", "s"), ScaleTimestamp = 0 };
            scale.SealedSegments.Add(0);
            scale.NewKeyRanges.Add(new ScaleRequest.Types.KeyRangeEntry { Start = 0, End = 0.5 });
            scale.NewKeyRanges.Add(new ScaleRequest.Types.KeyRangeEntry { Start = 0.5, End = 1 });
            Assert.Equal(ScaleResponse.Types.ScaleStreamStatus.Started, (await h.Client.scaleAsync(scale, cancellationToken: Token)).Status);
            await Task.WhenAll(Enumerable.Range(20, 20).Select(i => writer.WriteEventAsync("key-" + (i % 4), $"before-{i}", Token)));

            Assert.Equal(TxnStatus.Types.Status.Success, (await h.Client.commitTransactionAsync(Request("s", txn), cancellationToken: Token)).Status);
            await WaitForStateAsync(h.Client, "s", txn, TxnState.Types.State.Committed);
            await Task.WhenAll(Enumerable.Range(0, 20).Select(i => writer.WriteEventAsync("key-" + (i % 4), $"after-{i}", Token)));
        }
        // The roll made epoch 2 (the transaction, sealed) and epoch 3 (a copy of epoch 1, current).
        var current = await h.CurrentSegmentsAsync("sc", "s");
        Assert.All(current, s => Assert.Equal(3, NameUtils.GetEpoch(s.SegmentId.SegmentId_)));

        await using var manager = ReaderGroupManager.WithScope("sc", config);
        Assert.True(await manager.CreateReaderGroupAsync("g", ReaderGroupConfig.ForStream(stream), Token));
        await using var factory = EventStreamClientFactory.WithScope("sc", config);
        await using var reader = await factory.CreateReaderAsync("r", "g", new Utf8StringSerializer(), Token);
        var read = new List<string>();
        while (read.Count < 70)
        {
            var next = await reader.ReadNextEventAsync(TimeSpan.FromSeconds(20), Token);
            Assert.True(next.HasEvent || next.IsCheckpoint, $"read stopped after {read.Count} events");
            if (next.HasEvent)
            {
                read.Add(next.Event!);
            }
        }
        var transaction = read.Select((e, i) => (e, i)).Where(x => x.e.StartsWith("txn-", StringComparison.Ordinal)).ToList();
        Assert.Equal(Enumerable.Range(0, 10).Select(j => $"txn-{j}"), transaction.Select(x => x.e));
        Assert.Equal(9, transaction[^1].i - transaction[0].i);
        Assert.All(read.Take(transaction[0].i), e => Assert.StartsWith("before-", e, StringComparison.Ordinal));
        Assert.All(read.Skip(transaction[^1].i + 1), e => Assert.StartsWith("after-", e, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Bad_transaction_requests_get_the_status_their_rpc_defines_and_change_nothing()
    {
        await using var h = await ControllerHarness.StartAsync();
        await h.CreateScopeAsync("sc");
        await h.CreateStreamAsync("sc", "s", 2);
        await h.CreateStreamAsync("sc", "other", 1);
        var c = h.Client;

        var tooShort = await Assert.ThrowsAsync<RpcException>(async () => await OpenAsync(c, "s", lease: 9_999));
        Assert.Equal(StatusCode.InvalidArgument, tooShort.StatusCode);
        Assert.Contains("lease", tooShort.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(StatusCode.InvalidArgument, (await Assert.ThrowsAsync<RpcException>(async () => await OpenAsync(c, "s", lease: 600_001))).StatusCode);
        Assert.Equal(StatusCode.NotFound, (await Assert.ThrowsAsync<RpcException>(async () => await OpenAsync(c, "missing"))).StatusCode);
        Assert.Equal(StatusCode.InvalidArgument, (await Assert.ThrowsAsync<RpcException>(async () =>
            await c.commitTransactionAsync(new TxnRequest { StreamInfo = Info("sc", "s") }, cancellationToken: Token))).StatusCode);

        var txn = await OpenAsync(c, "s");
        Assert.Equal(2, txn.ActiveSegments.Count);
        var foreign = new TxnRequest { StreamInfo = Info("sc", "other"), TxnId = txn.TxnId };
        Assert.Equal(TxnStatus.Types.Status.TransactionNotFound, (await c.commitTransactionAsync(foreign, cancellationToken: Token)).Status);
        Assert.Equal(TxnStatus.Types.Status.StreamNotFound, (await c.commitTransactionAsync(new TxnRequest { StreamInfo = Info("sc", "missing"), TxnId = txn.TxnId }, cancellationToken: Token)).Status);
        Assert.Equal(TxnState.Types.State.Unknown, (await c.checkTransactionStateAsync(foreign, cancellationToken: Token)).State);
        Assert.Equal(PingTxnStatus.Types.Status.Unknown, (await c.pingTransactionAsync(new PingTxnRequest { StreamInfo = Info("sc", "other"), TxnId = txn.TxnId, Lease = 30_000 }, cancellationToken: Token)).Status);
        Assert.Equal(PingTxnStatus.Types.Status.LeaseTooLarge, (await c.pingTransactionAsync(new PingTxnRequest { StreamInfo = Info("sc", "s"), TxnId = txn.TxnId, Lease = 600_001 }, cancellationToken: Token)).Status);
        Assert.Equal(PingTxnStatus.Types.Status.Ok, (await c.pingTransactionAsync(new PingTxnRequest { StreamInfo = Info("sc", "s"), TxnId = txn.TxnId, Lease = 30_000 }, cancellationToken: Token)).Status);
        Assert.Equal(TxnState.Types.State.Open, (await c.checkTransactionStateAsync(Request("s", txn), cancellationToken: Token)).State);

        Assert.Equal(TxnStatus.Types.Status.Success, (await c.abortTransactionAsync(Request("s", txn), cancellationToken: Token)).Status);
        Assert.Equal(TxnStatus.Types.Status.Failure, (await c.commitTransactionAsync(Request("s", txn), cancellationToken: Token)).Status);
        Assert.Equal(TxnState.Types.State.Aborted, (await c.checkTransactionStateAsync(Request("s", txn), cancellationToken: Token)).State);
    }
}
