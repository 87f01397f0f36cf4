using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Pravega.Perf.SegmentStore.Contracts;
using Pravega.Perf.SegmentStore.Tables;

namespace Pravega.Perf.SegmentStore.Server;

/// <summary>Registers the segment store host in a service collection.</summary>
public static class SegmentStoreServiceCollectionExtensions
{
    /// <summary>The configuration section of the engine's <see cref="SegmentStoreOptions"/>.</summary>
    public const string StoreSectionName = "SegmentStore";

    /// <summary>
    /// Adds <see cref="SegmentStoreHostedService"/>, with <see cref="SegmentStoreOptions"/> bound from the
    /// <c>SegmentStore</c> section, <see cref="SegmentStoreServerOptions"/> from the <c>Server</c> section and
    /// <see cref="TableStoreOptions"/> from the <c>Tables</c> section, and <see cref="ITableStore"/> (the hosted
    /// service's table store: resolvable once the host has started, since it lives on the recovered engine).
    /// </summary>
    public static IServiceCollection AddSegmentStore(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<SegmentStoreOptions>().Bind(configuration.GetSection(StoreSectionName));
        services.AddOptions<SegmentStoreServerOptions>().Bind(configuration.GetSection(SegmentStoreServerOptions.SectionName));
        services.AddOptions<TableStoreOptions>().Bind(configuration.GetSection(TableStoreOptions.SectionName));
        services.AddOptions<AutoScale.AutoScaleOptions>().Bind(configuration.GetSection(AutoScale.AutoScaleOptions.SectionName));
        services.AddSingleton<SegmentStoreHostedService>();
        services.AddSingleton<ITableStore>(provider => provider.GetRequiredService<SegmentStoreHostedService>().Tables
            ?? throw new InvalidOperationException("The table store exists once the segment store host has started."));
        services.AddHostedService(provider => provider.GetRequiredService<SegmentStoreHostedService>());
        return services;
    }
}
