using System.CommandLine;
using Microsoft.Extensions.Hosting;
using Pravega.Perf.Controller;
using Pravega.Perf.Controller.Server;

namespace Pravega.Perf.Cli;

/// <summary>
/// <c>pravega controller --segmentstore HOST:PORT --port 9090</c>: runs the gRPC controller alone against a running
/// segment store (settings: <see cref="HostSettings"/>, sections <c>Controller</c> and <c>ControllerServer</c>).
/// </summary>
internal static class ControllerCommand
{
    public static Command Build()
    {
        var segmentStore = new Option<string?>("--segmentstore") { Description = "The segment store, HOST:PORT (default localhost:12345)." };
        var port = new Option<int?>("--port") { Description = "gRPC port (default 9090; 0 = any free port)." };
        var containers = new Option<int?>("--containers") { Description = "Segment container count; must equal the segment store's (default 4)." };
        var config = HostSettings.ConfigOption("Controller and ControllerServer");
        var command = new Command("controller", "Run the controller (gRPC ControllerService) against a segment store.") { segmentStore, port, containers, config };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(async (parse, cancellationToken) =>
        {
            var overrides = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
            if (parse.GetValue(segmentStore) is { } store)
            {
                overrides[$"{ControllerServerOptions.SectionName}:SegmentStore"] = store;
            }
            if (parse.GetValue(port) is { } portValue)
            {
                overrides[$"{ControllerServerOptions.SectionName}:Port"] = portValue.ToString();
            }
            if (parse.GetValue(containers) is { } count)
            {
                overrides[$"{ControllerOptions.SectionName}:ContainerCount"] = count.ToString();
            }
            var builder = HostSettings.CreateBuilder("pravega-controller", parse, config, overrides);
            builder.Services.AddController(builder.Configuration);
            using var host = builder.Build();
            await host.RunAsync(cancellationToken).ConfigureAwait(false);
            return 0;
        });
        return command;
    }
}
