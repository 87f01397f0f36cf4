using Pravega.Perf.Client;
using Pravega.Perf.Client.Readers;
using Pravega.Perf.Client.Streams;
using Pravega.Perf.Client.Transactions;
using Pravega.Perf.Client.Writers;
using Pravega.Perf.Common;
using Pravega.Perf.Controller.Contracts.V1;
using Pravega.Perf.IntegrationTests.Helpers;
using static Pravega.Perf.IntegrationTests.Helpers.ControllerHarness;

namespace Pravega.Perf.IntegrationTests.Client;

/// <summary>The client's transactional writer against a real controller and store.</summary>
public sealed class TransactionWriterTests
{
    private static readonly ScopedStream Stream = new("sc", "s");

    private static ClientConfig ConfigOf(ControllerHarness h) => new() { ControllerUri = new Uri($"tcp://127.0.0.1:{h.Controller.Address!.Port}") };

    private static async Task<ControllerHarness> StartAsync(int segments)
    {
        var h = await ControllerHarness.StartAsync();
        await h.CreateScopeAsync("sc");
        await h.CreateStreamAsync("sc", "s", segments);
        return h;
    }

    /// <summary>Reads <paramref name="count"/> events through a new reader group (fails if fewer arrive).</summary>
    private static async Task<List<string>> ReadAllAsync(ClientConfig config, int count, string group = "g")
    {
        await using var manager = ReaderGroupManager.WithScope("sc", config);
        Assert.True(await manager.CreateReaderGroupAsync(group, ReaderGroupConfig.ForStream(Stream), Token));
        await using var factory = EventStreamClientFactory.WithScope("sc", config);
        await using var reader = await factory.CreateReaderAsync("r", group, new Utf8StringSerializer(), Token);
        var read = new List<string>();
        while (read.Count < count)
        {
            var next = await reader.ReadNextEventAsync(TimeSpan.FromSeconds(20), Token);
            Assert.True(next.HasEvent || next.IsCheckpoint, $"read stopped after {read.Count} of {count} events");
            if (next.HasEvent)
            {
                read.Add(next.Event!);
            }
        }
        // Nothing more (an aborted transaction's events would show here).
        var extra = await reader.ReadNextEventAsync(TimeSpan.FromMilliseconds(500), Token);
        Assert.False(extra.HasEvent, $"unexpected event {extra.Event}");
        return read;
    }

    [Fact]
    public async Task Committed_transactions_are_read_whole_in_key_order_among_plain_events_and_aborted_ones_never()
    {
        await using var h = await StartAsync(segments: 3);
        var config = ConfigOf(h);
        await using var factory = EventStreamClientFactory.WithScope("sc", config);
        await using var plain = await factory.CreateEventWriterAsync("s", new Utf8StringSerializer(), Token);
        await using var writer = factory.CreateTransactionalWriter("s", new Utf8StringSerializer());

        await Task.WhenAll(Enumerable.Range(0, 30).Select(i => plain.WriteEventAsync("key-" + (i % 6), $"key-{i % 6}:p{i}", Token)));
        var committed = await writer.BeginTransactionAsync(Token);
        var aborted = await writer.BeginTransactionAsync(Token);
        await Task.WhenAll(Enumerable.Range(0, 30).Select(i => committed.WriteEventAsync("key-" + (i % 6), $"key-{i % 6}:t{i}", Token)));
        await Task.WhenAll(Enumerable.Range(0, 10).Select(i => aborted.WriteEventAsync("key-" + (i % 6), $"key-{i % 6}:x{i}", Token)));
        await aborted.AbortAsync(Token);
        await committed.CommitAsync(cancellationToken: Token);
        Assert.Equal(TransactionStatus.Committed, await committed.WaitUntilCompletedAsync(cancellationToken: Token));
        Assert.Equal(TransactionStatus.Aborted, await aborted.CheckStatusAsync(Token));
        await Task.WhenAll(Enumerable.Range(30, 30).Select(i => plain.WriteEventAsync("key-" + (i % 6), $"key-{i % 6}:p{i}", Token)));

        var read = await ReadAllAsync(config, 90);
        Assert.DoesNotContain(read, e => e.Contains(":x", StringComparison.Ordinal));
        // Per key: the plain events before the commit, the transaction's, then the plain events after, in order.
        foreach (var key in read.GroupBy(e => e.Split(':')[0]))
        {
            var k = int.Parse(key.Key["key-".Length..]);
            var expected = Enumerable.Range(0, 30).Where(i => i % 6 == k).Select(i => $"key-{k}:p{i}")
                .Concat(Enumerable.Range(0, 30).Where(i => i % 6 == k).Select(i => $"key-{k}:t{i}"))
                .Concat(Enumerable.Range(30, 30).Where(i => i % 6 == k).Select(i => $"key-{k}:p{i}"));
            Assert.Equal(expected, key);
        }
    }

    [Fact]
    public async Task A_transaction_spanning_a_scale_is_read_after_what_preceded_its_commit_and_before_what_followed()
    {
        await using var h = await StartAsync(segments: 1);
        var config = ConfigOf(h);
        await using var factory = EventStreamClientFactory.WithScope("sc", config);
        await using var plain = await factory.CreateEventWriterAsync("s", new Utf8StringSerializer(), Token);
        await using var writer = factory.CreateTransactionalWriter("s", new Utf8StringSerializer());
        await Task.WhenAll(Enumerable.Range(0, 10).Select(i => plain.WriteEventAsync("k" + (i % 4), $"before-{i}", Token)));
        var txn = await writer.BeginTransactionAsync(Token);
        await Task.WhenAll(Enumerable.Range(0, 10).Select(i => txn.WriteEventAsync("k" + (i % 4), $"txn-{i}", Token)));
        var scale = new ScaleRequest { StreamInfo = Info("sc", "s") };
        scale.SealedSegments.Add(0);
        scale.NewKeyRanges.Add(new ScaleRequest.Types.KeyRangeEntry { Start = 0, End = 0.5 });
        scale.NewKeyRanges.Add(new ScaleRequest.Types.KeyRangeEntry { Start = 0.5, End = 1 });
        Assert.Equal(ScaleResponse.Types.ScaleStreamStatus.Started, (await h.Client.scaleAsync(scale, cancellationToken: Token)).Status);
        await Task.WhenAll(Enumerable.Range(10, 10).Select(i => plain.WriteEventAsync("k" + (i % 4), $"before-{i}", Token)));

        await txn.CommitAsync(cancellationToken: Token);
        Assert.Equal(TransactionStatus.Committed, await txn.WaitUntilCompletedAsync(cancellationToken: Token));
        await Task.WhenAll(Enumerable.Range(0, 10).Select(i => plain.WriteEventAsync("k" + (i % 4), $"after-{i}", Token)));

        var read = await ReadAllAsync(config, 40);
        var first = read.FindIndex(e => e.StartsWith("txn-", StringComparison.Ordinal));
        Assert.All(read.Take(first), e => Assert.StartsWith("before-", e, StringComparison.Ordinal));
        Assert.Equal(10, read.Skip(first).TakeWhile(e => e.StartsWith("txn-", StringComparison.Ordinal)).Count());
        Assert.All(read.Skip(first + 10), e => Assert.StartsWith("after-", e, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_transaction_taken_up_by_a_second_client_is_committed_by_it_and_commit_and_abort_repeat_safely()
    {
        await using var h = await StartAsync(segments: 2);
        var config = ConfigOf(h);
        Uuid id;
        await using (var first = TransactionalEventStreamWriter<string>.Create(config, Stream, new Utf8StringSerializer()))
        {
            var txn = await first.BeginTransactionAsync(Token);
            id = txn.Id;
            await txn.WriteEventAsync("a", "from-first", Token);
            await txn.FlushAsync();
        }
        await using (var second = TransactionalEventStreamWriter<string>.Create(config, Stream, new Utf8StringSerializer()))
        {
            var txn = await second.GetTransactionAsync(id, Token);
            Assert.Equal(TransactionStatus.Open, await txn.CheckStatusAsync(Token));
            await txn.WriteEventAsync("b", "from-second", Token);
            await txn.CommitAsync(cancellationToken: Token);
            var again = await second.GetTransactionAsync(id, Token);
            await again.CommitAsync(cancellationToken: Token);
            Assert.Equal(TransactionStatus.Committed, await again.WaitUntilCompletedAsync(cancellationToken: Token));
            await Assert.ThrowsAsync<InvalidOperationException>(() => again.AbortAsync(Token));
        }
        Assert.Equal(["from-first", "from-second"], (await ReadAllAsync(config, 2)).Order());
    }

    [Fact]
    public async Task Misuse_gets_the_documented_exception_and_changes_nothing()
    {
        await using var h = await StartAsync(segments: 1);
        var config = ConfigOf(h);
        await using var writer = TransactionalEventStreamWriter<byte[]>.Create(config, Stream, new ByteArraySerializer());
        Assert.Throws<ArgumentException>(() => TransactionalEventStreamWriter<byte[]>.Create(config, Stream, new ByteArraySerializer(),
            new TransactionalWriterOptions { TransactionTimeout = TimeSpan.FromSeconds(5) }));
        await Assert.ThrowsAsync<TransactionNotFoundException>(() => writer.GetTransactionAsync(new Uuid(0, 7), Token));

        var aborted = await writer.BeginTransactionAsync(Token);
        // Refused at the call, before anything is sent.
        Assert.Throws<ArgumentException>(() => { _ = aborted.WriteEventAsync("k", new byte[EventStreamWriter<byte[]>.MaxEventSize + 1], Token); });
        await aborted.WriteEventAsync("k", [1, 2, 3], Token);
        await aborted.AbortAsync(Token);
        await aborted.AbortAsync(Token);
        await Assert.ThrowsAsync<InvalidOperationException>(() => aborted.WriteEventAsync("k", [4], Token));
        await Assert.ThrowsAsync<InvalidOperationException>(() => aborted.CommitAsync(cancellationToken: Token));
        await Assert.ThrowsAsync<InvalidOperationException>(() => aborted.FlushAsync());
        Assert.Equal(TransactionStatus.Aborted, await aborted.CheckStatusAsync(Token));
        var elsewhere = await writer.GetTransactionAsync(aborted.Id, Token);
        await Assert.ThrowsAsync<TransactionFailedException>(() => elsewhere.CommitAsync(cancellationToken: Token));

        var committed = await writer.BeginTransactionAsync(Token);
        await committed.WriteEventAsync("k", [9], Token);
        await committed.CommitAsync(cancellationToken: Token);
        await Assert.ThrowsAsync<InvalidOperationException>(() => committed.WriteEventAsync("k", [10], Token));
        await Assert.ThrowsAsync<InvalidOperationException>(() => committed.CommitAsync(cancellationToken: Token));
        await Assert.ThrowsAsync<InvalidOperationException>(() => committed.FlushAsync());
        Assert.Equal(TransactionStatus.Committed, await committed.WaitUntilCompletedAsync(cancellationToken: Token));
        // Aborting a committed transaction is refused, through this handle and through one taken up by id.
        await Assert.ThrowsAsync<InvalidOperationException>(() => committed.AbortAsync(Token));
        var takenUp = await writer.GetTransactionAsync(committed.Id, Token);
        await Assert.ThrowsAsync<InvalidOperationException>(() => takenUp.AbortAsync(Token));
        Assert.Equal(TransactionStatus.Committed, await committed.CheckStatusAsync(Token));
        Assert.Equal(1 + 8, (await h.Store.Store.GetSegmentInfoAsync("sc/s/0.#epoch.0", Token)).Length);
    }
}
