using System.Net;

namespace Pravega.Perf.Transport;

/// <summary>Creates <see cref="SocketConnectionListener"/>s.</summary>
public sealed class SocketConnectionListenerFactory : IConnectionListenerFactory
{
    private readonly SocketTransportOptions _options;

    public SocketConnectionListenerFactory(SocketTransportOptions? options = null)
    {
        _options = options ?? new SocketTransportOptions();
    }

    public ValueTask<IConnectionListener> BindAsync(EndPoint endPoint, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult<IConnectionListener>(SocketConnectionListener.Bind(endPoint, _options));
    }
}
