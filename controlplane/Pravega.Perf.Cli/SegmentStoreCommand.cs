using System.CommandLine;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Pravega.Perf.SegmentStore.Server;

namespace Pravega.Perf.Cli;

/// <summary>
/// <c>pravega segmentstore</c>: runs the segment store (data plane) alone in a Generic Host. Settings come, lowest
/// precedence first, from an optional JSON file (<c>--config</c>), environment variables prefixed
/// <c>PRAVEGA_</c> (<c>PRAVEGA_SegmentStore__ContainerCount=8</c>), any <c>--Section:Key=value</c> arguments, and
/// finally <c>--data-dir</c> and <c>--port</c>. SIGTERM or Ctrl+C drains the connections and stops.
/// </summary>
internal static class SegmentStoreCommand
{
    public static Command Build()
    {
        var dataDir = new Option<string?>("--data-dir") { Description = "Folder for the WAL and Tier-2 data (default ./data)." };
        var port = new Option<int?>("--port") { Description = "TCP port of the wire protocol listener (default 12345; 0 = any free port)." };
        var config = new Option<FileInfo?>("--config") { Description = "Optional JSON settings file (sections SegmentStore and Server)." };
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
            var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
            {
                Args = [],
                DisableDefaults = false,
                ApplicationName = "pravega-segmentstore",
                ContentRootPath = Directory.GetCurrentDirectory(),
            });
            if (parse.GetValue(config) is { } file)
            {
                builder.Configuration.AddJsonFile(file.FullName, optional: false);
            }
            builder.Configuration.AddEnvironmentVariables("PRAVEGA_");
            builder.Configuration.AddCommandLine([.. parse.UnmatchedTokens]);
            builder.Configuration.AddInMemoryCollection(overrides);
            builder.Services.Configure<HostOptions>(builder.Configuration.GetSection("Host"));
            builder.Services.AddSegmentStore(builder.Configuration);
            using var host = builder.Build();
            await host.RunAsync(cancellationToken).ConfigureAwait(false);
            return 0;
        });
        return command;
    }
}
