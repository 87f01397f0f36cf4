using System.CommandLine;
using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Pravega.Perf.Cli.Verbs;
using Pravega.Perf.Controller;
using Pravega.Perf.Controller.Server;
using Pravega.Perf.SegmentStore;
using Pravega.Perf.SegmentStore.Server;

namespace Pravega.Perf.Cli;

/// <summary>
/// <c>pravega standalone</c>: the segment store and the controller in one process, data under <c>./data</c> (or
/// <c>--data-dir</c>), ports 12345 and 9090. The controller starts after the store listens (its recovery talks to it)
/// and stops before it; both share the container count. Started again on the same folder it has everything that was
/// acknowledged, and finishes any workflow a kill interrupted.
/// </summary>
internal static class StandaloneCommand
{
    public static Command Build()
    {
        var dataDir = new Option<string?>("--data-dir") { Description = "Folder for all data (default ./data)." };
        var port = new Option<int?>("--port") { Description = "Controller gRPC port (default 9090; 0 = any free port)." };
        var storePort = new Option<int?>("--segmentstore-port") { Description = "Segment store TCP port (default 12345; 0 = any free port)." };
        var host = new Option<string?>("--host") { Description = "Host name clients are given for both services (default 127.0.0.1)." };
        var config = HostSettings.ConfigOption("SegmentStore, Server, Tables, Controller and ControllerServer");
        var command = new Command("standalone", "Run a segment store and a controller in one process.") { dataDir, port, storePort, host, config };
        command.TreatUnmatchedTokensAsErrors = false;
        // A port in use or an unwritable data folder is exit code 6 with one line (ErrorMapping), not a stack trace.
        command.SetAction((parse, cancellationToken) => ErrorMapping.RunAsync(() => RunAsync(parse, cancellationToken), cancellationToken));
        return command;

        async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
        {
            var clock = Stopwatch.StartNew();
            var advertised = parse.GetValue(host) ?? "127.0.0.1";
            var overrides = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
            {
                [$"{ControllerServerOptions.SectionName}:AdvertisedHost"] = advertised,
            };
            if (parse.GetValue(dataDir) is { } dataDirValue)
            {
                overrides[$"{SegmentStoreServiceCollectionExtensions.StoreSectionName}:DataDirectory"] = dataDirValue;
            }
            if (parse.GetValue(port) is { } portValue)
            {
                overrides[$"{ControllerServerOptions.SectionName}:Port"] = portValue.ToString();
            }
            if (parse.GetValue(storePort) is { } storePortValue)
            {
                overrides[$"{SegmentStoreServerOptions.SectionName}:Port"] = storePortValue.ToString();
            }
            var builder = HostSettings.CreateBuilder("pravega-standalone", parse, config, overrides);
            builder.Services.AddSegmentStore(builder.Configuration);
            builder.Services.AddController(builder.Configuration);
            using var app = builder.Build();
            var store = app.Services.GetRequiredService<SegmentStoreHostedService>();
            var controller = app.Services.GetRequiredService<ControllerServer>();
            var storeOptions = app.Services.GetRequiredService<IOptions<SegmentStoreOptions>>().Value;
            // One container count for both halves: the controller's mapping must be the store's.
            app.Services.GetRequiredService<IOptions<ControllerOptions>>().Value.ContainerCount = storeOptions.ContainerCount;
            controller.SegmentStoreResolver = () => new DnsEndPoint(advertised, ((IPEndPoint)store.LocalEndPoint!).Port);
            // The store reports auto-scale requests to the controller in the same process.
            store.ControllerUriResolver = () => controller.Address is { } address ? new Uri($"http://127.0.0.1:{address.Port}") : null;
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            var storeEndPoint = (IPEndPoint)store.LocalEndPoint!;
            await Console.Out.WriteLineAsync(
                $"Pravega.Perf standalone ready in {clock.Elapsed.TotalSeconds:F1} s: controller tcp://{advertised}:{controller.Address!.Port}, " +
                $"segment store {advertised}:{storeEndPoint.Port}, data in {Path.GetFullPath(storeOptions.DataDirectory)}").ConfigureAwait(false);
            await app.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
            return ExitCodes.Success;
        }
    }
}
