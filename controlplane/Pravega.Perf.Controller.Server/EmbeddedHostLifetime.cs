using Microsoft.Extensions.Hosting;

namespace Pravega.Perf.Controller.Server;

/// <summary>
/// The lifetime of the web host that <see cref="ControllerServer"/> runs inside another host: it neither listens for
/// SIGTERM nor prints start-up banners; the outer host owns both and stops the controller through
/// <see cref="ControllerServer.StopAsync"/>.
/// </summary>
internal sealed class EmbeddedHostLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
