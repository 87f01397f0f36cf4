using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Pravega.Perf.SegmentStore.Server;

/// <summary>Registers the segment store host in a service collection.</summary>
public static class SegmentStoreServiceCollectionExtensions
{
    /// <summary>The configuration section of the engine's <see cref="SegmentStoreOptions"/>.</summary>
    public const string StoreSectionName = "SegmentStore";

    /// <summary>
    /// Adds <see cref="SegmentStoreHostedService"/>, with <see cref="SegmentStoreOptions"/> bound from the
    /// <c>SegmentStore</c> section and <see cref="SegmentStoreServerOptions"/> from the <c>Server</c> section.
    /// </summary>
    public static IServiceCollection AddSegmentStore(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<SegmentStoreOptions>().Bind(configuration.GetSection(StoreSectionName));
        services.AddOptions<SegmentStoreServerOptions>().Bind(configuration.GetSection(SegmentStoreServerOptions.SectionName));
        services.AddSingleton<SegmentStoreHostedService>();
        services.AddHostedService(provider => provider.GetRequiredService<SegmentStoreHostedService>());
        return services;
    }
}
