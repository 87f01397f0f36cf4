using Pravega.Perf.Common;
using Pravega.Perf.Controller.Metadata;
using Pravega.Perf.Controller.Model;
using Pravega.Perf.Controller.Tests.Fakes;
using static Pravega.Perf.Controller.Tests.TransactionTests;

namespace Pravega.Perf.Controller.Tests;

/// <summary>
/// A controller that dies at every metadata write of a commit (plain, or rolled across a scale) or an abort: from the
/// N-th write on nothing more is written (the process is gone), a new controller starts on the same metadata and
/// segments, and the transactions end exactly once: every byte merged once, COMMITTED and ABORTED as asked, the stream
/// back to ACTIVE with no roll left half-done and no second roll.
/// </summary>
public sealed class TransactionCrashTests
{
    private static CancellationToken Token => TestController.Token;

    private sealed class SimulatedCrash() : Exception("simulated controller crash");

    public static TheoryData<string> Scenarios() => ["commit", "roll", "abort"];

    [Theory]
    [MemberData(nameof(Scenarios))]
    public async Task A_controller_killed_at_any_write_of_a_commit_or_abort_leaves_it_done_exactly_once_after_restart(string scenario)
    {
        for (var crashAt = 1; ; crashAt++)
        {
            var c = await StartAsync();
            var (a, b) = (await OpenAsync(c), await OpenAsync(c));
            Fill(c, a, 10);
            Fill(c, b, 100);
            if (scenario == "roll")
            {
                Assert.Equal(OperationStatus.Success, (await c.Runtime.Streams.ScaleAsync("scope", "s", [0L], [new KeyRange(0, 0.25), new KeyRange(0.25, 0.5)], 0, Token)).Status);
            }
            var writes = 0;
            c.Store.BeforeWrite = (_, _) =>
            {
                if (Interlocked.Increment(ref writes) >= crashAt)
                {
                    throw new SimulatedCrash();
                }
            };

            await RunAsync(c, scenario, a, b);
            // The committer works in the background: wait until it finished or the "process" died.
            var deadline = DateTime.UtcNow.AddSeconds(20);
            while (Volatile.Read(ref writes) < crashAt && !await DoneAsync(c, scenario, a, b))
            {
                Assert.True(DateTime.UtcNow < deadline, $"{scenario}: neither finished nor crashed");
                await Task.Delay(5, Token);
            }
            var crashed = Volatile.Read(ref writes) >= crashAt;

            await c.RestartAsync();
            // Whatever the dead controller had not recorded is asked again, as a client would.
            await RunAsync(c, scenario, a, b);
            await c.Runtime.Transactions.WaitForCommitsAsync("scope", "s", Token);
            await CheckAsync(c, scenario, a, b);
            if (!crashed)
            {
                Assert.True(crashAt > 3, $"{scenario} wrote metadata only {crashAt - 1} time(s)");
                return;
            }
        }
    }

    [Fact]
    public async Task A_controller_killed_at_any_write_of_a_transaction_creation_leaves_either_nothing_or_a_whole_open_transaction()
    {
        for (var crashAt = 1; ; crashAt++)
        {
            var c = await StartAsync();
            var writes = 0;
            c.Store.BeforeWrite = (_, _) =>
            {
                if (Interlocked.Increment(ref writes) >= crashAt)
                {
                    throw new SimulatedCrash();
                }
            };
            var crashed = false;
            try
            {
                await c.Runtime.Transactions.CreateAsync("scope", "s", 30_000, Token);
            }
            catch (SimulatedCrash)
            {
                crashed = true;
            }
            await c.RestartAsync();

            var records = new List<TransactionRecord>();
            await foreach (var entry in c.Store.ListAllAsync(MetadataTables.Transactions("scope", "s"), Token))
            {
                records.Add(MetadataJson.Deserialize<TransactionRecord>(entry.Value));
            }
            var live = c.Segments.Segments.Keys.Where(k => k.Contains("#transaction.", StringComparison.Ordinal)).ToList();
            if (records.Count == 0)
            {
                Assert.Empty(live);
                Assert.Empty(await ActiveIndexAsync(c));
            }
            else
            {
                var record = Assert.Single(records);
                Assert.Equal(TransactionStatus.Open, record.Status);
                Assert.Equal(2, live.Count(k => k.EndsWith(Hex(record.Id), StringComparison.Ordinal)));
                Assert.Single(await ActiveIndexAsync(c));
                Assert.True((await c.Runtime.Transactions.CommitAsync("scope", "s", record.Id, "", 0, Token)).IsSuccess);
            }
            if (!crashed)
            {
                Assert.True(crashAt > 2, $"creation wrote metadata only {crashAt - 1} time(s)");
                return;
            }
        }
    }

    private static async Task RunAsync(TestController c, string scenario, Uuid a, Uuid b)
    {
        foreach (var id in new[] { a, b })
        {
            try
            {
                _ = scenario == "abort"
                    ? await c.Runtime.Transactions.AbortAsync("scope", "s", id, Token)
                    : await c.Runtime.Transactions.CommitAsync("scope", "s", id, "", 0, Token);
            }
            catch (SimulatedCrash)
            {
                return;
            }
        }
    }

    private static async Task<bool> DoneAsync(TestController c, string scenario, Uuid a, Uuid b)
    {
        var end = scenario == "abort" ? TransactionStatus.Aborted : TransactionStatus.Committed;
        return await StatusAsync(c, a) == end && await StatusAsync(c, b) == end && (await ActiveIndexAsync(c)).Count == 0;
    }

    private static async Task CheckAsync(TestController c, string scenario, Uuid a, Uuid b)
    {
        Assert.True(await DoneAsync(c, scenario, a, b), $"{scenario}: a={await StatusAsync(c, a)} b={await StatusAsync(c, b)}");
        var view = (await c.Runtime.Streams.GetStreamAsync("scope", "s", Token))!;
        Assert.Equal(StreamState.Active, view.Head.State);
        Assert.Null(view.Head.PendingRoll);
        Assert.Null(await c.Store.GetAsync(MetadataTables.Workflows, "Stream/scope/s", Token));
        Assert.DoesNotContain(TransactionSegments(c, a).Concat(TransactionSegments(c, b)), c.Segments.Segments.ContainsKey);
        var merged = c.Segments.Merges.Sum(m => m.Length);
        switch (scenario)
        {
            case "abort":
                Assert.Equal(0, merged);
                break;
            case "commit":
                Assert.Equal(0, view.Head.CurrentEpoch);
                Assert.Equal(220, merged);
                Assert.Equal([10L, 100], c.Segments.Merges.Where(m => m.Target == "scope/s/1.#epoch.0").Select(m => m.Length));
                break;
            case "roll":
                // One roll per commit batch (a and b together, or one after the other): epochs 2 (and 4) hold the
                // transactions, 3 (and 5) repeat epoch 1. A roll of already merged transactions would leave an empty epoch.
                Assert.Contains(view.Head.CurrentEpoch, new[] { 3, 5 });
                Assert.Equal(220, merged);
                var rolled = Enumerable.Range(1, (view.Head.CurrentEpoch - 1) / 2).Select(i => $".#epoch.{2 * i}").ToList();
                Assert.All(c.Segments.Merges, m => Assert.Contains(rolled, e => m.Target.EndsWith(e, StringComparison.Ordinal)));
                Assert.All(rolled, e => Assert.Contains(c.Segments.Merges, m => m.Target.EndsWith(e, StringComparison.Ordinal)));
                break;
        }
    }
}
