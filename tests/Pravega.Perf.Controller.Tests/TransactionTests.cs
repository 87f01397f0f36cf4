using Microsoft.Extensions.Time.Testing;
using Pravega.Perf.Common;
using Pravega.Perf.Controller.Metadata;
using Pravega.Perf.Controller.Model;
using Pravega.Perf.Controller.Streams;
using Pravega.Perf.Controller.Tests.Fakes;
using Pravega.Perf.Controller.Transactions;

namespace Pravega.Perf.Controller.Tests;

/// <summary>Transactions over in-memory metadata and segments: statuses, commit order, rolls across scales, leases, seals.</summary>
public sealed class TransactionTests
{
    private const long Lease = 30_000;

    private static CancellationToken Token => TestController.Token;

    internal static async Task<TestController> StartAsync(int segments = 2, ControllerOptions? options = null, TimeProvider? time = null)
    {
        var c = await TestController.StartWithScopeAsync(options: options, time: time);
        Assert.True((await c.Runtime.Streams.CreateStreamAsync("scope", "s", StreamConfiguration.Fixed(segments), Token)).IsSuccess);
        return c;
    }

    internal static async Task<Uuid> OpenAsync(TestController c, long lease = Lease)
    {
        var opened = await c.Runtime.Transactions.CreateAsync("scope", "s", lease, Token);
        Assert.True(opened.IsSuccess, opened.Message);
        return opened.Value!.Record.Id;
    }

    /// <summary>Writes <paramref name="bytes"/> to each of the transaction's segments.</summary>
    internal static void Fill(TestController c, Uuid id, long bytes)
    {
        foreach (var name in TransactionSegments(c, id))
        {
            c.Segments.Append(name, bytes);
        }
    }

    internal static List<string> TransactionSegments(TestController c, Uuid id) =>
        c.Segments.Created.Where(n => n.EndsWith(Hex(id), StringComparison.Ordinal)).Distinct().Order().ToList();

    internal static string Hex(Uuid id) => $"{(ulong)id.Msb:x16}{(ulong)id.Lsb:x16}";

    internal static async Task<TransactionStatus?> StatusAsync(TestController c, Uuid id) =>
        (await c.Runtime.Transactions.GetAsync("scope", "s", id, Token))?.Status;

    [Fact]
    public async Task A_transaction_gets_one_segment_per_active_segment_named_with_its_epoch_and_starts_open()
    {
        var c = await StartAsync(segments: 3);
        var opened = await c.Runtime.Transactions.CreateAsync("scope", "s", Lease, Token);

        Assert.True(opened.IsSuccess);
        var id = opened.Value!.Record.Id;
        Assert.Equal(0, NameUtilsEpoch(id));
        Assert.Equal(3, opened.Value.Segments.Count);
        Assert.Equal(
            ["scope/s/0.#epoch.0#transaction." + Hex(id), "scope/s/1.#epoch.0#transaction." + Hex(id), "scope/s/2.#epoch.0#transaction." + Hex(id)],
            TransactionSegments(c, id));
        Assert.Equal(TransactionStatus.Open, await StatusAsync(c, id));
        Assert.NotNull(await c.Store.GetAsync(MetadataTables.ActiveTransactions, $"scope/s/{Hex(id)}", Token));
    }

    [Fact]
    public async Task Commits_are_merged_in_the_order_they_were_requested_and_become_committed()
    {
        var c = await StartAsync();
        var (a, b, x) = (await OpenAsync(c), await OpenAsync(c), await OpenAsync(c));
        Fill(c, a, 10);
        Fill(c, b, 20);
        Fill(c, x, 30);

        foreach (var id in new[] { x, a, b })
        {
            Assert.True((await c.Runtime.Transactions.CommitAsync("scope", "s", id, "w", 0, Token)).IsSuccess);
        }
        await c.Runtime.Transactions.WaitForCommitsAsync("scope", "s", Token);

        foreach (var id in new[] { a, b, x })
        {
            Assert.Equal(TransactionStatus.Committed, await StatusAsync(c, id));
            Assert.DoesNotContain(TransactionSegments(c, id), c.Segments.Segments.ContainsKey);
        }
        var intoFirst = c.Segments.Merges.Where(m => m.Target == "scope/s/0.#epoch.0").Select(m => m.Length).ToList();
        Assert.Equal([30L, 10, 20], intoFirst);
        Assert.Equal(60, c.Segments.Segments["scope/s/1.#epoch.0"].Length);
        Assert.Empty(await ActiveIndexAsync(c));
    }

    [Fact]
    public async Task Commit_and_abort_are_idempotent_and_never_turn_into_each_other()
    {
        var c = await StartAsync();
        var (committed, aborted) = (await OpenAsync(c), await OpenAsync(c));
        var txns = c.Runtime.Transactions;

        Assert.True((await txns.CommitAsync("scope", "s", committed, "", 0, Token)).IsSuccess);
        Assert.True((await txns.CommitAsync("scope", "s", committed, "", 0, Token)).IsSuccess);
        await txns.WaitForCommitsAsync("scope", "s", Token);
        Assert.True((await txns.AbortAsync("scope", "s", aborted, Token)).IsSuccess);
        Assert.True((await txns.AbortAsync("scope", "s", aborted, Token)).IsSuccess);

        Assert.Equal(OperationStatus.Failure, (await txns.AbortAsync("scope", "s", committed, Token)).Status);
        Assert.Equal(OperationStatus.Failure, (await txns.CommitAsync("scope", "s", aborted, "", 0, Token)).Status);
        Assert.Equal(TransactionStatus.Committed, await StatusAsync(c, committed));
        Assert.Equal(TransactionStatus.Aborted, await StatusAsync(c, aborted));
        Assert.DoesNotContain(TransactionSegments(c, aborted), c.Segments.Segments.ContainsKey);
        Assert.Equal(PingOutcome.Committed, (await txns.PingAsync("scope", "s", committed, Lease, Token)).Value);
        Assert.Equal(PingOutcome.Aborted, (await txns.PingAsync("scope", "s", aborted, Lease, Token)).Value);
        var completed = (await txns.ListCompletedAsync("scope", "s", Token)).Value!;
        Assert.Equal([aborted, committed], completed.Select(r => r.Id).OrderBy(i => i == committed).ToList());
    }

    [Fact]
    public async Task Unknown_or_foreign_ids_unknown_streams_and_leases_out_of_range_get_their_status_and_change_nothing()
    {
        var c = await StartAsync();
        Assert.True((await c.Runtime.Streams.CreateStreamAsync("scope", "other", StreamConfiguration.Fixed(1), Token)).IsSuccess);
        var id = await OpenAsync(c);
        var txns = c.Runtime.Transactions;
        var stranger = new Uuid(0, 42);

        Assert.Equal(OperationStatus.TransactionNotFound, (await txns.CommitAsync("scope", "s", stranger, "", 0, Token)).Status);
        Assert.Equal(OperationStatus.TransactionNotFound, (await txns.CommitAsync("scope", "other", id, "", 0, Token)).Status);
        Assert.Equal(OperationStatus.TransactionNotFound, (await txns.AbortAsync("scope", "other", id, Token)).Status);
        Assert.Equal(OperationStatus.StreamNotFound, (await txns.CommitAsync("scope", "nope", id, "", 0, Token)).Status);
        Assert.Equal(OperationStatus.StreamNotFound, (await txns.CreateAsync("scope", "nope", Lease, Token)).Status);
        Assert.Equal(OperationStatus.InvalidArgument, (await txns.CreateAsync("scope", "s", 9_999, Token)).Status);
        Assert.Equal(OperationStatus.InvalidArgument, (await txns.CreateAsync("scope", "s", 600_001, Token)).Status);
        Assert.Equal(PingOutcome.Unknown, (await txns.PingAsync("scope", "s", stranger, Lease, Token)).Value);
        Assert.Equal(PingOutcome.LeaseTooLarge, (await txns.PingAsync("scope", "s", id, 600_001, Token)).Value);
        Assert.Null(await txns.GetAsync("scope", "other", id, Token));

        Assert.Equal(TransactionStatus.Open, await StatusAsync(c, id));
        Assert.Empty(c.Segments.Merges);
    }

    [Fact]
    public async Task An_expired_lease_aborts_the_transaction_and_a_ping_keeps_it_open_up_to_its_maximum_execution_time()
    {
        var time = new FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(1_000_000_000));
        var c = await StartAsync(time: time, options: new ControllerOptions { TransactionMaxExecutionTime = TimeSpan.FromSeconds(25) });
        var txns = c.Runtime.Transactions;
        var (pinged, quiet) = (await OpenAsync(c, 10_000), await OpenAsync(c, 10_000));

        time.Advance(TimeSpan.FromSeconds(8));
        Assert.Equal(PingOutcome.Ok, (await txns.PingAsync("scope", "s", pinged, 10_000, Token)).Value);
        time.Advance(TimeSpan.FromSeconds(3));
        await txns.CheckLeasesAsync(Token);
        Assert.Equal(TransactionStatus.Aborted, await StatusAsync(c, quiet));
        Assert.Equal(TransactionStatus.Open, await StatusAsync(c, pinged));
        Assert.DoesNotContain(TransactionSegments(c, quiet), c.Segments.Segments.ContainsKey);

        // 8 + 3 + 10 s would end after the 25 s maximum: refused, and the lease stays as it was.
        time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(PingOutcome.MaxExecutionTimeExceeded, (await txns.PingAsync("scope", "s", pinged, 10_000, Token)).Value);
        time.Advance(TimeSpan.FromSeconds(3));
        await txns.CheckLeasesAsync(Token);
        Assert.Equal(TransactionStatus.Aborted, await StatusAsync(c, pinged));
        Assert.Equal(PingOutcome.Aborted, (await txns.PingAsync("scope", "s", pinged, 10_000, Token)).Value);
        Assert.Equal(OperationStatus.Failure, (await txns.CommitAsync("scope", "s", pinged, "", 0, Token)).Status);
    }

    [Fact]
    public async Task A_transaction_opened_before_a_scale_is_rolled_into_duplicates_of_its_epoch_between_the_old_and_the_new_segments()
    {
        var c = await StartAsync();
        var id = await OpenAsync(c);
        Fill(c, id, 7);
        var scaled = await c.Runtime.Streams.ScaleAsync("scope", "s", [0L], [new KeyRange(0, 0.25), new KeyRange(0.25, 0.5)], 0, Token);
        Assert.Equal(OperationStatus.Success, scaled.Status);

        Assert.True((await c.Runtime.Transactions.CommitAsync("scope", "s", id, "", 0, Token)).IsSuccess);
        await c.Runtime.Transactions.WaitForCommitsAsync("scope", "s", Token);

        Assert.Equal(TransactionStatus.Committed, await StatusAsync(c, id));
        var view = (await c.Runtime.Streams.GetStreamAsync("scope", "s", Token))!;
        Assert.Equal(3, view.Head.CurrentEpoch);
        Assert.Equal(StreamState.Active, view.Head.State);
        Assert.Null(view.Head.PendingRoll);
        // Epoch 2 repeats epoch 0's segments and holds the transaction; epoch 3 repeats epoch 1 and is current.
        Assert.Equal(["scope/s/0.#epoch.2", "scope/s/1.#epoch.2"], c.Segments.Merges.Select(m => m.Target).Distinct().Order().ToList());
        Assert.All(view.Epochs[2].Segments, s => Assert.True(c.Segments.Segments[StreamService.SegmentName("scope", "s", s.SegmentId)].Sealed));
        Assert.Equal(view.Epochs[1].Segments.Select(s => (s.Number, s.KeyStart, s.KeyEnd)), view.Epochs[3].Segments.Select(s => (s.Number, s.KeyStart, s.KeyEnd)));
        Assert.All(view.Epochs[1].Segments, s => Assert.True(c.Segments.Segments[StreamService.SegmentName("scope", "s", s.SegmentId)].Sealed));
        Assert.Equal(0, view.Epochs[2].ReferenceEpoch);
        // A reader of an epoch-1 segment is led through the transaction's segments to epoch 3.
        var afterOld = view.Successors(view.Epochs[1].Segments[0].SegmentId).Keys.Select(s => s.CreationEpoch).Distinct().ToList();
        Assert.Equal([2], afterOld);
        var afterRolled = view.Successors(view.Epochs[2].Segments[0].SegmentId).Keys.Select(s => s.CreationEpoch).Distinct().ToList();
        Assert.Equal([3], afterRolled);
    }

    [Fact]
    public async Task A_seal_aborts_open_transactions_and_commits_committing_ones_first()
    {
        var c = await StartAsync();
        var (open, committing) = (await OpenAsync(c), await OpenAsync(c));
        Fill(c, committing, 5);
        c.Store.BeforeWrite = null;
        Assert.True((await c.Runtime.Transactions.CommitAsync("scope", "s", committing, "", 0, Token)).IsSuccess);

        Assert.True((await c.Runtime.Streams.SealStreamAsync("scope", "s", Token)).IsSuccess);
        await c.Runtime.Transactions.WaitForCommitsAsync("scope", "s", Token);

        Assert.Equal(TransactionStatus.Aborted, await StatusAsync(c, open));
        Assert.Equal(TransactionStatus.Committed, await StatusAsync(c, committing));
        Assert.Equal(5, c.Segments.Segments["scope/s/0.#epoch.0"].Length);
        Assert.Equal(OperationStatus.StreamSealed, (await c.Runtime.Transactions.CreateAsync("scope", "s", Lease, Token)).Status);
        Assert.Empty(await ActiveIndexAsync(c));
    }

    [Fact]
    public async Task A_commit_with_a_time_becomes_the_writers_time_mark_at_the_segments_ends_after_the_merge()
    {
        var c = await StartAsync();
        var id = await OpenAsync(c);
        Fill(c, id, 25);
        Assert.True((await c.Runtime.Transactions.CommitAsync("scope", "s", id, "writer-1", 5_000, Token)).IsSuccess);
        var plain = await OpenAsync(c);
        Assert.True((await c.Runtime.Transactions.CommitAsync("scope", "s", plain, "writer-2", long.MinValue, Token)).IsSuccess);
        await c.Runtime.Transactions.WaitForCommitsAsync("scope", "s", Token);

        var mark = await c.Store.GetAsync<Pravega.Perf.Controller.Watermarks.WriterMark>(MetadataTables.WritersPositions("scope", "s"), "writer-1", Token);
        Assert.NotNull(mark);
        Assert.Equal(5_000, mark.Value.Timestamp);
        Assert.Equal(new Dictionary<long, long> { [0] = 25, [1] = 25 }, mark.Value.Position);
        // A commit without a time notes nothing.
        Assert.Null(await c.Store.GetAsync<Pravega.Perf.Controller.Watermarks.WriterMark>(MetadataTables.WritersPositions("scope", "s"), "writer-2", Token));
    }

    private static int NameUtilsEpoch(Uuid id) => Common.Naming.NameUtils.GetEpoch(id);

    internal static async Task<List<string>> ActiveIndexAsync(TestController c)
    {
        var keys = new List<string>();
        await foreach (var entry in c.Store.ListAllAsync(MetadataTables.ActiveTransactions, Token))
        {
            keys.Add(entry.Key);
        }
        return keys;
    }
}
