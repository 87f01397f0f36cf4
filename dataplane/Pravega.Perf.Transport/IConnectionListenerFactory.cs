using System.Net;

namespace Pravega.Perf.Transport;

/// <summary>Creates listeners for one kind of transport; the server is written against this, not against sockets.</summary>
public interface IConnectionListenerFactory
{
    /// <summary>Binds <paramref name="endPoint"/> and starts listening.</summary>
    ValueTask<IConnectionListener> BindAsync(EndPoint endPoint, CancellationToken cancellationToken = default);
}
