using Pravega.Perf.Client.Control;
using Pravega.Perf.Client.Segments;

namespace Pravega.Perf.Client;

/// <summary>
/// The connections a client object works through: the controller client (which also resolves segments to stores)
/// and the segment-store client on top of it. Factories share one context among the objects they create and close
/// it when they are closed.
/// </summary>
internal sealed class ClientContext : IAsyncDisposable
{
    public ClientContext(ClientConfig config)
    {
        Config = config;
        Controller = new ControllerClient(config);
        Segments = new SegmentStoreClient(Controller, config.SegmentStore);
    }

    public ClientConfig Config { get; }

    public ControllerClient Controller { get; }

    public SegmentStoreClient Segments { get; }

    public async ValueTask DisposeAsync()
    {
        await Segments.DisposeAsync().ConfigureAwait(false);
        Controller.Dispose();
    }
}
