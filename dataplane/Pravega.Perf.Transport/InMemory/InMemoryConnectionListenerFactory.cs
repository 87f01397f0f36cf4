using System.Net;

namespace Pravega.Perf.Transport.InMemory;

/// <summary>Binds <see cref="InMemoryConnectionListener"/>s; the last one bound is kept for the test or benchmark to connect to.</summary>
public sealed class InMemoryConnectionListenerFactory : IConnectionListenerFactory
{
    /// <summary>The listener of the last <see cref="BindAsync"/>.</summary>
    public InMemoryConnectionListener? Listener { get; private set; }

    public ValueTask<IConnectionListener> BindAsync(EndPoint endPoint, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        cancellationToken.ThrowIfCancellationRequested();
        Listener = new InMemoryConnectionListener(endPoint.ToString() ?? "server");
        return ValueTask.FromResult<IConnectionListener>(Listener);
    }
}
