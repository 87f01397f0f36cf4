using System.Net;

namespace Pravega.Perf.Transport;

/// <summary>A bound listening endpoint that hands out accepted connections.</summary>
public interface IConnectionListener : IAsyncDisposable
{
    /// <summary>The bound address (with the actual port when port 0 was requested).</summary>
    EndPoint LocalEndPoint { get; }

    /// <summary>Waits for the next connection; null once the listener is unbound or disposed.</summary>
    ValueTask<ITransportConnection?> AcceptAsync(CancellationToken cancellationToken = default);

    /// <summary>Stops accepting: pending and later <see cref="AcceptAsync"/> calls return null. Accepted connections
    /// are not touched.</summary>
    ValueTask UnbindAsync();
}
