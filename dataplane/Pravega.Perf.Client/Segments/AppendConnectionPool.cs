using System.Net;

namespace Pravega.Perf.Client.Segments;

/// <summary>
/// The append connections of a group of segment writers: one per segment store, shared by every writer whose segment
/// that store owns (an event writer's segment writers, a transactional writer's transactions). A broken connection is
/// replaced on the next request for its store. Disposing closes them all; dispose the writers first.
/// </summary>
public sealed class AppendConnectionPool : IAsyncDisposable
{
    private readonly Lock _lock = new();
    private readonly Dictionary<EndPoint, Task<AppendConnection>> _connections = [];
    private readonly TimeSpan _connectTimeout;
    private bool _disposed;

    public AppendConnectionPool(SegmentStoreClientOptions? options = null)
    {
        _connectTimeout = (options ?? new SegmentStoreClientOptions()).ConnectTimeout;
    }

    /// <summary>The open connection to <paramref name="endPoint"/>, connecting first if there is none (or it broke).</summary>
    internal async Task<AppendConnection> AcquireAsync(EndPoint endPoint, CancellationToken cancellationToken)
    {
        Task<AppendConnection> connection;
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!_connections.TryGetValue(endPoint, out connection!)
                || (connection.IsCompleted && (!connection.IsCompletedSuccessfully || connection.Result.IsClosed)))
            {
                // A closed connection disposes itself; a failed attempt was reported to whoever awaited it.
                connection = AppendConnection.ConnectAsync(endPoint, _connectTimeout);
                _connections[endPoint] = connection;
            }
        }
        return await connection.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        Task<AppendConnection>[] connections;
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }
            _disposed = true;
            connections = [.. _connections.Values];
            _connections.Clear();
        }
        foreach (var pending in connections)
        {
            try
            {
                await (await pending.ConfigureAwait(false)).DisposeAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or OperationCanceledException)
            {
                // Never connected: nothing to close.
            }
        }
    }
}
