using System.Net;
using System.Text;
using Grpc.Net.Client;
using Pravega.Perf.Common;
using Pravega.Perf.Controller.Contracts.V1;
using Pravega.Perf.IntegrationTests.Helpers;
using Pravega.Perf.Testing.WireClient;
using static Pravega.Perf.IntegrationTests.Helpers.ControllerHarness;

namespace Pravega.Perf.IntegrationTests.Controller;

/// <summary>
/// <c>pravega standalone</c> as a process: a stream created through its controller and written through its store,
/// SIGTERM drains and stops it with exit code 0, and started again on the same folder it has the stream and every
/// acknowledged event.
/// </summary>
public sealed class StandaloneTests
{
    [Fact]
    public async Task A_standalone_restarted_on_its_folder_has_its_streams_and_acknowledged_events()
    {
        var directory = Directory.CreateTempSubdirectory("pravega-standalone-").FullName;
        try
        {
            var (port, storePort) = (PravegaProcess.FreePort(), PravegaProcess.FreePort());
            await using (var standalone = await PravegaProcess.StartStandaloneAsync(directory, port, storePort, Token))
            {
                using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{port}");
                var client = new ControllerService.ControllerServiceClient(channel);
                await client.createScopeAsync(new ScopeInfo { Scope = "sc" }, cancellationToken: Token);
                Assert.Equal(CreateStreamStatus.Types.Status.Success, (await client.createStreamAsync(Config("sc", "s", 2), cancellationToken: Token)).Status);
                var uri = await client.getURIAsync(Segment("sc", "s", 1), cancellationToken: Token);
                Assert.Equal(("127.0.0.1", storePort), (uri.Endpoint, uri.Port));
                await using var wire = await WireTestClient.ConnectAsync(new IPEndPoint(IPAddress.Loopback, storePort), cancellationToken: Token);
                await wire.HelloAsync();
                var writer = Uuid.NewRandom();
                await wire.SetupAppendAsync(writer, "sc/s/1.#epoch.0", wire.NextRequestId());
                for (var i = 1; i <= 20; i++)
                {
                    wire.Append(writer, i, Encoding.UTF8.GetBytes($"event-{i}"));
                }
                await wire.FlushAsync();
                for (var i = 1; i <= 20; i++)
                {
                    await wire.ReceiveAsync<Wire.Commands.DataAppended>();
                }
                Assert.Equal(0, await standalone.TerminateAsync(TimeSpan.FromSeconds(30), Token));
            }

            await using (var again = await PravegaProcess.StartStandaloneAsync(directory, PravegaProcess.FreePort(), PravegaProcess.FreePort(), Token))
            {
                using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{again.EndPoint.Port}");
                var client = new ControllerService.ControllerServiceClient(channel);
                Assert.Equal(2, (await client.getCurrentSegmentsAsync(Info("sc", "s"), cancellationToken: Token)).SegmentRanges_.Count);
                var uri = await client.getURIAsync(Segment("sc", "s", 1), cancellationToken: Token);
                await using var wire = await WireTestClient.ConnectAsync(new IPEndPoint(IPAddress.Loopback, uri.Port), cancellationToken: Token);
                await wire.HelloAsync();
                var events = EventParser.Parse(await wire.ReadAllAsync("sc/s/1.#epoch.0"));
                Assert.Equal(Enumerable.Range(1, 20).Select(i => $"event-{i}"), events.Select(e => Encoding.UTF8.GetString(e)));
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
