using System.CommandLine;
using Microsoft.Extensions.Hosting;
using Pravega.Perf.SegmentStore.Server;

namespace Pravega.Perf.Cli;

/// <summary>
/// <c>pravega segmentstore</c>: runs the segment store (data plane) alone in a Generic Host (settings: <see cref="HostSettings"/>;
/// <c>--data-dir</c> and <c>--port</c> are shortcuts). SIGTERM or Ctrl+C drains the connections and stops.
/// </summary>
internal static class SegmentStoreCommand
{
    public static Command Build()
    {
        var dataDir = new Option<string?>("--data-dir") { Description = "Folder for the WAL and Tier-2 data (default ./data)." };
        var port = new Option<int?>("--port") { Description = "TCP port of the wire protocol listener (default 12345; 0 = any free port)." };
        var config = HostSettings.ConfigOption("SegmentStore, Server and Tables");
        var command = new Command("segmentstore", "Run the segment store.") { dataDir, port, config };
        // Unknown --Section:Key=value tokens are configuration overrides, not errors.
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(async (parse, cancellationToken) =>
        {
            var overrides = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
            if (parse.GetValue(dataDir) is { } dataDirValue)
            {
                overrides[$"{SegmentStoreServiceCollectionExtensions.StoreSectionName}:DataDirectory"] = dataDirValue;
            }
            if (parse.GetValue(port) is { } portValue)
            {
                overrides[$"{SegmentStoreServerOptions.SectionName}:Port"] = portValue.ToString();
            }
            var builder = HostSettings.CreateBuilder("pravega-segmentstore", parse, config, overrides);
            builder.Services.AddSegmentStore(builder.Configuration);
            using var host = builder.Build();
            await host.RunAsync(cancellationToken).ConfigureAwait(false);
            return 0;
        });
        return command;
    }
}
