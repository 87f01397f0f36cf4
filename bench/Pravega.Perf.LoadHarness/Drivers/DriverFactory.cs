using Pravega.Perf.Client;
using Pravega.Perf.LoadHarness.Drivers.Nats;
using Pravega.Perf.LoadHarness.Drivers.Pravega;
using Pravega.Perf.LoadHarness.Drivers.Redis;
using Pravega.Perf.LoadHarness.Hosting;

namespace Pravega.Perf.LoadHarness.Drivers;

/// <summary>The <c>--driver</c> value to a connected <see cref="ILoadDriver"/>.</summary>
internal static class DriverFactory
{
    public static readonly string[] Names = ["pravega", "nats", "redis"];

    public static async Task<ILoadDriver> CreateAsync(DriverOptions options, CancellationToken cancellationToken)
    {
        switch (options.Driver)
        {
            case "pravega":
                if (options.Controller is { } controller)
                {
                    if (options.ServerSettings is { Count: > 0 })
                    {
                        throw new ArgumentException("--server-setting applies to the standalone --embedded spawns, not to --controller");
                    }
                    return new PravegaDriver(new ClientConfig { ControllerUri = new Uri(controller) }, options.Pravega);
                }
                if (options.ServerSettings is { Count: > 0 } && !options.Embedded)
                {
                    throw new ArgumentException("--server-setting needs --embedded");
                }
                if (!options.Embedded)
                {
                    throw new ArgumentException("the pravega driver needs --controller URI or --embedded");
                }
                var standalone = await StandaloneRun.StartAsync(options.ServerDll, options.DataRoot, "run", cancellationToken,
                    options.ServerSettings).ConfigureAwait(false);
                return new PravegaDriver(standalone.Config, options.Pravega, standalone);
            case "nats":
                return new NatsDriver(options.NatsUrl);
            case "redis":
                return new RedisDriver(options.Redis);
            default:
                throw new ArgumentException($"unknown driver '{options.Driver}' (expected {string.Join(", ", Names)})");
        }
    }
}
