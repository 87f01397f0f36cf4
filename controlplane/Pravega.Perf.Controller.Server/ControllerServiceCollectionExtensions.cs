using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Pravega.Perf.Controller.Server;

/// <summary>Registers the controller host in a service collection.</summary>
public static class ControllerServiceCollectionExtensions
{
    /// <summary>Adds <see cref="ControllerServer"/> with <see cref="ControllerOptions"/> from the <c>Controller</c> section and
    /// <see cref="ControllerServerOptions"/> from <c>ControllerServer</c>. Register it after the segment store in a standalone host:
    /// hosted services start in order, and the controller's recovery talks to the store.</summary>
    public static IServiceCollection AddController(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<ControllerOptions>().Bind(configuration.GetSection(ControllerOptions.SectionName));
        services.AddOptions<ControllerServerOptions>().Bind(configuration.GetSection(ControllerServerOptions.SectionName));
        services.AddSingleton<ControllerServer>();
        services.AddHostedService(provider => provider.GetRequiredService<ControllerServer>());
        return services;
    }
}
