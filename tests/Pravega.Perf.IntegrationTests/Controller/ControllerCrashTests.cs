using System.Net;
using Grpc.Core;
using Grpc.Net.Client;
using Pravega.Perf.Common.Naming;
using Pravega.Perf.Controller.Contracts.V1;
using Pravega.Perf.IntegrationTests.Helpers;
using static Pravega.Perf.IntegrationTests.Helpers.ControllerHarness;

namespace Pravega.Perf.IntegrationTests.Controller;

/// <summary>
/// The controller as a real process, SIGKILLed at different moments of a scale and of a delete, then started again on
/// the same segment store: the workflow is either not begun (nothing changed) or finished by the new process exactly
/// once, and the stream takes further workflows.
/// </summary>
public sealed class ControllerCrashTests
{
    private const int Segments = 16;

    /// <summary>Milliseconds between the request and the kill: before, during and after the workflow's steps.</summary>
    private static readonly int[] KillDelays = [0, 10, 25, 40, 60];

    [Fact]
    public async Task A_controller_killed_during_a_scale_is_finished_exactly_once_after_restart()
    {
        await RunRoundsAsync("s", async (client, _, stream) =>
        {
            Assert.Equal(CreateStreamStatus.Types.Status.Success, (await client.createStreamAsync(Config("sc", stream, Segments), cancellationToken: Token)).Status);
            var request = new ScaleRequest { StreamInfo = Info("sc", stream) };
            request.SealedSegments.AddRange(Enumerable.Range(0, Segments).Select(i => (long)i));
            // The same count in new ranges shifted by half a segment: a fixed stream keeps its minimum.
            request.NewKeyRanges.AddRange(ShiftedRanges());
            return client.scaleAsync(request, cancellationToken: Token).ResponseAsync;
        }, async (client, store, stream, round, controller) =>
        {
            var current = (await client.getCurrentSegmentsAsync(Info("sc", stream), cancellationToken: Token)).SegmentRanges_;
            var epoch = NameUtils.GetEpoch(current[0].SegmentId.SegmentId_);
            Report(round, controller, $"epoch {epoch}");
            var oldSealed = 0;
            for (var i = 0; i < Segments; i++)
            {
                oldSealed += (await store.Store.GetSegmentInfoAsync($"sc/{stream}/{i}.#epoch.0", Token)).IsSealed ? 1 : 0;
            }
            if (epoch == 0)
            {
                // Killed before the scale was recorded: nothing happened.
                Assert.Equal(Segments, current.Count);
                Assert.Equal(0, oldSealed);
            }
            else
            {
                Assert.Equal(1, epoch);
                Assert.Equal(Enumerable.Range(Segments, Segments), current.Select(s => NameUtils.GetSegmentNumber(s.SegmentId.SegmentId_)));
                Assert.Equal(ShiftedRanges().Select(r => (r.Start, r.End)), current.Select(s => (s.MinKey, s.MaxKey)));
                Assert.Equal(Segments, oldSealed);
                Assert.False((await store.Store.GetSegmentInfoAsync($"sc/{stream}/{Segments}.#epoch.1", Token)).IsSealed);
                var noSecondEpoch = await Assert.ThrowsAsync<RpcException>(async () =>
                    await client.getEpochSegmentsAsync(new GetEpochSegmentsRequest { StreamInfo = Info("sc", stream), Epoch = 2 }, cancellationToken: Token));
                Assert.Equal(StatusCode.InvalidArgument, noSecondEpoch.StatusCode);
            }
            // Nothing is left pending: the stream takes the next workflow.
            Assert.Equal(UpdateStreamStatus.Types.Status.Success, (await client.sealStreamAsync(Info("sc", stream), cancellationToken: Token)).Status);
        });
    }

    [Fact]
    public async Task A_controller_killed_during_a_delete_is_finished_exactly_once_after_restart()
    {
        await RunRoundsAsync("d", async (client, _, stream) =>
        {
            await client.createStreamAsync(Config("sc", stream, Segments), cancellationToken: Token);
            Assert.Equal(UpdateStreamStatus.Types.Status.Success, (await client.sealStreamAsync(Info("sc", stream), cancellationToken: Token)).Status);
            return client.deleteStreamAsync(Info("sc", stream), cancellationToken: Token).ResponseAsync;
        }, async (client, store, stream, round, controller) =>
        {
            var exists = (await client.checkStreamExistsAsync(Info("sc", stream), cancellationToken: Token)).Exists;
            Report(round, controller, exists ? "stream still there" : "stream deleted");
            var remaining = 0;
            for (var i = 0; i < Segments; i++)
            {
                remaining += await ExistsAsync(store, $"sc/{stream}/{i}.#epoch.0") ? 1 : 0;
            }
            if (exists)
            {
                // Killed before the delete was recorded: the sealed stream is whole and can be deleted now.
                Assert.Equal(Segments, remaining);
                Assert.Equal(DeleteStreamStatus.Types.Status.Success, (await client.deleteStreamAsync(Info("sc", stream), cancellationToken: Token)).Status);
            }
            else
            {
                Assert.Equal(0, remaining);
                Assert.False(await ExistsAsync(store, $"sc/_MARK{stream}/0.#epoch.0"));
                Assert.Equal(DeleteStreamStatus.Types.Status.StreamNotFound, (await client.deleteStreamAsync(Info("sc", stream), cancellationToken: Token)).Status);
            }
            // The name is free again.
            Assert.Equal(CreateStreamStatus.Types.Status.Success, (await client.createStreamAsync(Config("sc", stream, 1), cancellationToken: Token)).Status);
        });
    }

    [Fact]
    public async Task A_controller_killed_during_a_truncation_is_finished_exactly_once_after_restart()
    {
        await RunRoundsAsync("tr", async (client, _, stream) =>
        {
            await client.createStreamAsync(Config("sc", stream, Segments), cancellationToken: Token);
            var scale = new ScaleRequest { StreamInfo = Info("sc", stream) };
            scale.SealedSegments.AddRange(Enumerable.Range(0, Segments).Select(i => (long)i));
            scale.NewKeyRanges.AddRange(ShiftedRanges());
            Assert.Equal(ScaleResponse.Types.ScaleStreamStatus.Started, (await client.scaleAsync(scale, cancellationToken: Token)).Status);
            // Cut at the start of epoch 1: every epoch-0 segment lies wholly before it and is deleted.
            var cut = new StreamCut { StreamInfo = Info("sc", stream) };
            foreach (var segment in (await client.getCurrentSegmentsAsync(Info("sc", stream), cancellationToken: Token)).SegmentRanges_)
            {
                cut.Cut.Add(segment.SegmentId.SegmentId_, 0);
            }
            return client.truncateStreamAsync(cut, cancellationToken: Token).ResponseAsync;
        }, async (client, store, stream, round, controller) =>
        {
            var remaining = 0;
            for (var i = 0; i < Segments; i++)
            {
                remaining += await ExistsAsync(store, $"sc/{stream}/{i}.#epoch.0") ? 1 : 0;
            }
            Report(round, controller, $"{Segments - remaining} of {Segments} epoch-0 segments deleted");
            // Killed before the truncation was recorded: all there; otherwise all gone (never some).
            Assert.True(remaining is 0 or Segments, $"{remaining} epoch-0 segments left");
            // Nothing is left pending: the stream takes the next workflow.
            Assert.Equal(UpdateStreamStatus.Types.Status.Success, (await client.sealStreamAsync(Info("sc", stream), cancellationToken: Token)).Status);
        });
    }

    [Fact]
    public async Task A_controller_killed_while_committing_transactions_commits_each_exactly_once_after_restart()
    {
        const int Transactions = 30;
        var opened = new Dictionary<string, List<CreateTxnResponse>>();
        await RunRoundsAsync("t", async (client, store, stream) =>
        {
            await client.createStreamAsync(Config("sc", stream, 1), cancellationToken: Token);
            var txns = opened[stream] = [];
            for (var t = 0; t < Transactions; t++)
            {
                txns.Add(await TransactionRpcTests.OpenAsync(client, stream));
                await TransactionRpcTests.WriteAsync(store.EndPoint, stream, txns[t], Enumerable.Range(0, 5).Select(j => $"t{t}-{j}"));
            }
            return Task.Run(async () =>
            {
                foreach (var txn in txns)
                {
                    await client.commitTransactionAsync(TransactionRpcTests.Request(stream, txn), cancellationToken: Token);
                }
            });
        }, async (client, store, stream, round, controller) =>
        {
            var txns = opened[stream];
            var states = new List<TxnState.Types.State>();
            foreach (var txn in txns)
            {
                var state = (await client.checkTransactionStateAsync(TransactionRpcTests.Request(stream, txn), cancellationToken: Token)).State;
                states.Add(state);
                if (state == TxnState.Types.State.Open)
                {
                    // Its commit was never recorded: the client asks again.
                    Assert.Equal(TxnStatus.Types.Status.Success, (await client.commitTransactionAsync(TransactionRpcTests.Request(stream, txn), cancellationToken: Token)).Status);
                }
            }
            Report(round, controller, $"{states.Count(s => s == TxnState.Types.State.Committed)} committed, "
                + $"{states.Count(s => s == TxnState.Types.State.Committing)} committing, {states.Count(s => s == TxnState.Types.State.Open)} open");
            foreach (var txn in txns)
            {
                await TransactionRpcTests.WaitForStateAsync(client, stream, txn, TxnState.Types.State.Committed);
            }
            var events = await TransactionRpcTests.ReadSegmentAsync(store.EndPoint, $"sc/{stream}/0.#epoch.0");
            Assert.Equal(Transactions * 5, events.Count);
            for (var i = 0; i < events.Count; i += 5)
            {
                var name = events[i].Split('-')[0];
                Assert.Equal(Enumerable.Range(0, 5).Select(j => $"{name}-{j}"), events.Skip(i).Take(5));
            }
            Assert.Equal(Transactions, events.Select(e => e.Split('-')[0]).Distinct().Count());
        });
    }

    /// <summary>
    /// One round per kill delay against one in-process store: a controller process starts the workflow (what
    /// <paramref name="start"/> returns is the call in flight), is SIGKILLed after the round's delay, and a new
    /// controller process on the same port and store is checked by <paramref name="check"/>.
    /// </summary>
    private static async Task RunRoundsAsync(string prefix, Func<ControllerService.ControllerServiceClient, LiveServer, string, Task<Task>> start,
        Func<ControllerService.ControllerServiceClient, LiveServer, string, int, PravegaProcess, Task> check)
    {
        await using var store = await LiveServer.StartAsync(containerCount: 4);
        var storePort = ((IPEndPoint)store.EndPoint).Port;
        var port = PravegaProcess.FreePort();
        for (var round = 0; round < KillDelays.Length; round++)
        {
            var stream = prefix + round;
            var controller = await PravegaProcess.StartControllerAsync(port, storePort, Token);
            using (var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{port}"))
            {
                var client = new ControllerService.ControllerServiceClient(channel);
                await client.createScopeAsync(new ScopeInfo { Scope = "sc" }, cancellationToken: Token);
                var call = await start(client, store, stream);
                await Task.Delay(KillDelays[round], Token);
                controller.Kill();
                await IgnoreAsync(call);
            }
            await controller.DisposeAsync();

            await using var restarted = await PravegaProcess.StartControllerAsync(port, storePort, Token);
            using var again = GrpcChannel.ForAddress($"http://127.0.0.1:{port}");
            await check(new ControllerService.ControllerServiceClient(again), store, stream, round, restarted);
        }
    }

    private static IEnumerable<ScaleRequest.Types.KeyRangeEntry> ShiftedRanges()
    {
        var bounds = new List<double> { 0.0 };
        bounds.AddRange(Enumerable.Range(0, Segments - 1).Select(i => (i + 0.5) / Segments));
        bounds.Add(1.0);
        return bounds.Zip(bounds.Skip(1), (a, b) => new ScaleRequest.Types.KeyRangeEntry { Start = a, End = b });
    }

    /// <summary>What a round found, and whether the restarted controller resumed a workflow (visible in the test output).</summary>
    private static void Report(int round, PravegaProcess controller, string outcome)
    {
        var output = controller.RecentOutput;
        var transactions = output.Split('\n').FirstOrDefault(l => l.Contains("active transaction(s) found", StringComparison.Ordinal))?.Trim();
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"kill after {KillDelays[round]} ms: {outcome}; {(output.Contains("Resuming", StringComparison.Ordinal) ? "the restarted controller resumed the workflow" : "nothing to resume")}"
            + (transactions is null ? string.Empty : $"; {transactions}"));
    }

    private static async Task<bool> ExistsAsync(LiveServer store, string segment)
    {
        try
        {
            return !(await store.Store.GetSegmentInfoAsync(segment, Token)).IsDeleted;
        }
        catch (SegmentStore.Contracts.Exceptions.StreamSegmentNotExistsException)
        {
            return false;
        }
    }

    private static async Task IgnoreAsync(Task call)
    {
        try
        {
            await call;
        }
        catch (RpcException)
        {
            // The process died under the call.
        }
    }
}
