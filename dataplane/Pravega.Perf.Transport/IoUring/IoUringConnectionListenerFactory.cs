using System.Net;

namespace Pravega.Perf.Transport.IoUring;

/// <summary>Creates <see cref="IoUringConnectionListener"/>s (each with a ring of its own).</summary>
public sealed class IoUringConnectionListenerFactory : IConnectionListenerFactory
{
    private readonly IoUringTransportOptions _options;

    public IoUringConnectionListenerFactory(IoUringTransportOptions? options = null)
    {
        _options = options ?? new IoUringTransportOptions();
    }

    public ValueTask<IConnectionListener> BindAsync(EndPoint endPoint, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult<IConnectionListener>(IoUringConnectionListener.Bind(endPoint, _options));
    }
}
