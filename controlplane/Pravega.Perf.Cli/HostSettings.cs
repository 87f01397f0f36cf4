using System.CommandLine;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Pravega.Perf.Cli;

/// <summary>
/// How every process verb builds its Generic Host's configuration, lowest precedence first: an optional JSON file
/// (<c>--config</c>), environment variables prefixed <c>PRAVEGA_</c> (<c>PRAVEGA_SegmentStore__ContainerCount=8</c>), any
/// <c>--Section:Key=value</c> arguments, then the verb's own shortcut options.
/// </summary>
internal static class HostSettings
{
    /// <summary>The <c>--config</c> option every process verb has.</summary>
    public static Option<FileInfo?> ConfigOption(string sections) =>
        new("--config") { Description = $"Optional JSON settings file (sections {sections})." };

    /// <summary>A host builder with the layered configuration and the verb's <paramref name="overrides"/> on top.</summary>
    public static HostApplicationBuilder CreateBuilder(string applicationName, ParseResult parse, Option<FileInfo?> config,
        IReadOnlyDictionary<string, string?> overrides)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = [],
            DisableDefaults = false,
            ApplicationName = applicationName,
            ContentRootPath = Directory.GetCurrentDirectory(),
        });
        // ASP.NET Core logs every gRPC request at Information; a host's Information log is for notable events only
        // (start, recovery, ownership, scale, transaction outcome), each on one timestamped line. Lowest precedence: any
        // setting can change them again (e.g. --Logging:Console:FormatterName=json for a log shipper).
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource
        {
            InitialData =
            [
                new("Logging:LogLevel:Microsoft.AspNetCore", "Warning"),
                new("Logging:Console:FormatterName", "simple"),
                new("Logging:Console:FormatterOptions:SingleLine", "true"),
                new("Logging:Console:FormatterOptions:TimestampFormat", "HH:mm:ss.fff "),
            ],
        });
        if (parse.GetValue(config) is { } file)
        {
            builder.Configuration.AddJsonFile(file.FullName, optional: false);
        }
        builder.Configuration.AddEnvironmentVariables("PRAVEGA_");
        builder.Configuration.AddCommandLine([.. parse.UnmatchedTokens]);
        builder.Configuration.AddInMemoryCollection(overrides);
        builder.Services.Configure<HostOptions>(builder.Configuration.GetSection("Host"));
        return builder;
    }
}
