using System.Net.Sockets;
using Pravega.Perf.Common;
using Pravega.Perf.IntegrationTests.Helpers;
using Pravega.Perf.Testing.WireClient;
using Pravega.Perf.Wire.Commands;

namespace Pravega.Perf.IntegrationTests;

/// <summary>
/// The crash test with real processes: the segment store runs as a child process and is killed with SIGKILL at
/// seeded random moments while writers append; after each restart the writers reconnect, learn the last stored
/// event number from SETUP_APPEND and retransmit the rest. At the end every acknowledged event must be stored
/// exactly once and in per-writer order, and no byte of an unacknowledged partial frame may be visible.
/// </summary>
public sealed class CrashTests
{
    private const int Cycles = 6;
    private const int MinAcksPerCycle = 200;

    [Fact]
    public Task Acknowledged_events_survive_repeated_sigkills_exactly_once_in_order_and_nothing_torn_is_visible() =>
        CrashScenario.RunAsync("pravega-crash-", [], Cycles, MinAcksPerCycle, seed: 20261201, TimeSpan.FromSeconds(110));

    [Fact]
    public async Task Sigterm_drains_the_pending_appends_exits_cleanly_and_a_restart_holds_exactly_what_was_acknowledged()
    {
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        bound.CancelAfter(TimeSpan.FromSeconds(90));
        var directory = Directory.CreateTempSubdirectory("pravega-term-").FullName;
        var port = PravegaProcess.FreePort();
        var segment = Segments.NewName("term");
        var writer = Uuid.NewRandom();
        PravegaProcess? child = null;
        try
        {
            child = await PravegaProcess.StartAsync(directory, port, bound.Token);
            long lastAcked;
            await using (var client = await WireTestClient.ConnectAsync(child.EndPoint, 4096, bound.Token))
            {
                await client.HelloAsync();
                await client.CreateSegmentAsync(segment);
                await client.SetupAppendAsync(writer, segment, 1);
                for (var i = 1; i <= 5000; i++)
                {
                    client.Append(writer, i, CrashWriter.Payload(0, i));
                }
                client.Blocks.CloseOpenBlock();
                await client.FlushAsync();
                await client.ReceiveAsync<DataAppended>();
                var exit = child.TerminateAsync(TimeSpan.FromSeconds(60), bound.Token);
                var replies = await client.ReceiveUntilClosedAsync();
                Check.Equal(0, await exit, $"exit code after SIGTERM; output:{Environment.NewLine}{child.RecentOutput}");
                Assert.True(replies.All(r => r.Command is DataAppended), $"only acks before the close: [{string.Join(", ", replies.Take(3))}]");
                lastAcked = replies.Select(r => ((DataAppended)r.Command).EventNumber).DefaultIfEmpty(1).Max();
            }
            await child.DisposeAsync();
            child = await PravegaProcess.StartAsync(directory, port, bound.Token);
            await using var check = await WireTestClient.ConnectAsync(child.EndPoint, 0, bound.Token);
            await check.HelloAsync();
            Check.Equal(lastAcked, await check.SetupAppendAsync(writer, segment, 2), "last stored event number = last acknowledged");
            Check.Equal((int)lastAcked, EventParser.Parse(await check.ReadAllAsync(segment)).Count, "events stored");
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

    [Fact]
    public async Task A_sigkilled_segment_store_refuses_connections_as_soon_as_its_process_is_gone()
    {
        // Nothing may keep a dead server's listening socket alive: a restarted server's readiness probe and first
        // client would reach the dead process and be reset (a pending io_uring ACCEPT did that, for a moment after
        // the process was reaped, until the kernel had torn its ring down).
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        bound.CancelAfter(TimeSpan.FromSeconds(90));
        var directory = Directory.CreateTempSubdirectory("pravega-port-").FullName;
        var port = PravegaProcess.FreePort();
        try
        {
            for (var cycle = 0; cycle < 3; cycle++)
            {
                await using var child = await PravegaProcess.StartAsync(directory, port, bound.Token);
                await using var client = await WireTestClient.ConnectAsync(child.EndPoint, 0, bound.Token);
                await client.HelloAsync();
                child.Kill();
                using var late = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                var error = await Record.ExceptionAsync(() => late.ConnectAsync(child.EndPoint, bound.Token).AsTask());
                Assert.True(error is SocketException { SocketErrorCode: SocketError.ConnectionRefused },
                    $"cycle {cycle}: a connect once the killed server was reaped is refused (got {error?.Message ?? "a connection"})");
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
