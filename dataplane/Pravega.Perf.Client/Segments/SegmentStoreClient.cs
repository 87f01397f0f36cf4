using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Pravega.Perf.Wire;
using Pravega.Perf.Wire.Replies;

namespace Pravega.Perf.Client.Segments;

/// <summary>
/// The segment-level layer of the client: requests on segments and table segments, sent to the store that owns each
/// segment (<see cref="ISegmentEndpointResolver"/>) over a few shared connections per store
/// (<see cref="SegmentStoreClientOptions.ConnectionsPerStore"/>, taken in turn). A request whose connection
/// fails, that gets no reply in time, or that meets <c>WrongHost</c>, is sent again on a fresh connection with
/// exponential backoff, up to <see cref="SegmentStoreClientOptions.MaxAttempts"/>; then it fails with
/// <see cref="SegmentStoreUnavailableException"/> (or <see cref="WrongHostException"/>). Every operation here is safe to
/// repeat, with one caveat documented on <see cref="UpdateTableEntriesAsync"/>.
/// </summary>
public sealed partial class SegmentStoreClient : IAsyncDisposable
{
    private readonly ISegmentEndpointResolver _resolver;
    private readonly SegmentStoreClientOptions _options;
    private readonly ILogger _logger;
    private readonly Lock _connectionsLock = new();
    private readonly Dictionary<(EndPoint EndPoint, int Slot), Task<SegmentStoreConnection>> _connections = [];
    private int _nextSlot;
    private bool _disposed;

    public SegmentStoreClient(ISegmentEndpointResolver resolver, SegmentStoreClientOptions? options = null, ILogger? logger = null)
    {
        _resolver = resolver;
        _options = options ?? new SegmentStoreClientOptions();
        _logger = logger ?? NullLogger.Instance;
    }

    private string Token => _options.DelegationToken;

    /// <summary>Sends the request built for a fresh request id to the segment's store and returns the reply, retrying as described above.</summary>
    private Task<Reply> RequestAsync<T>(string segment, Func<long, T> build, CancellationToken cancellationToken)
        where T : struct, IWireCommand =>
        RequestAsync(segment, build, _options.RequestTimeout, cancellationToken);

    /// <summary>As above, waiting at most <paramref name="timeout"/> for the reply (infinite for a read that may wait at the tail).</summary>
    private Task<Reply> RequestAsync<T>(string segment, Func<long, T> build, TimeSpan timeout, CancellationToken cancellationToken)
        where T : struct, IWireCommand =>
        ExchangeAsync(segment, (connection, token) =>
        {
            var requestId = connection.NextRequestId();
            return connection.SendAsync(build(requestId), requestId, timeout, token);
        }, cancellationToken);

    /// <summary>
    /// Runs <paramref name="exchange"/> (one or more requests that must share a connection) on a connection to the
    /// segment's store and returns its last reply, retrying the whole exchange on a fresh connection as described above.
    /// </summary>
    /// <remarks><paramref name="slot"/> pins the exchange to one of the store's connections (null: the next in turn).</remarks>
    private async Task<Reply> ExchangeAsync(string segment, Func<SegmentStoreConnection, CancellationToken, Task<Reply>> exchange, CancellationToken cancellationToken,
        int? slot = null)
    {
        var backoff = _options.InitialBackoff;
        for (var attempt = 1; ; attempt++)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var endPoint = await _resolver.ResolveAsync(segment, cancellationToken).ConfigureAwait(false);
            Exception failure;
            try
            {
                var connection = await GetConnectionAsync(endPoint, slot, cancellationToken).ConfigureAwait(false);
                var reply = await exchange(connection, cancellationToken).ConfigureAwait(false);
                if (reply.Kind != ReplyKind.WrongHost)
                {
                    return reply;
                }
                failure = new WrongHostException(segment);
            }
            catch (Exception e) when (IsRetriable(e, cancellationToken))
            {
                failure = e;
            }
            _resolver.Invalidate(segment);
            if (attempt >= _options.MaxAttempts)
            {
                throw (SegmentStoreClientException?)(failure as WrongHostException)
                    ?? new SegmentStoreUnavailableException($"segment store {endPoint} for '{segment}' unavailable after {attempt} attempt(s): {failure.Message}", failure);
            }
            LogRetry(_logger, segment, endPoint, attempt, failure.Message);
            await Task.Delay(backoff, cancellationToken).ConfigureAwait(false);
            backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, _options.MaxBackoff.Ticks));
        }
    }

    private static bool IsRetriable(Exception e, CancellationToken cancellationToken) =>
        e is ConnectionLostException or SocketException or IOException
        || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested);

    /// <summary>The next of the store's connections in turn, opened (again) when needed (a failed or closed one is replaced).</summary>
    private async Task<SegmentStoreConnection> GetConnectionAsync(EndPoint endPoint, int? slot, CancellationToken cancellationToken)
    {
        Task<SegmentStoreConnection> connecting;
        var key = (endPoint, (int)((uint)(slot ?? Interlocked.Increment(ref _nextSlot)) % (uint)Math.Max(1, _options.ConnectionsPerStore)));
        lock (_connectionsLock)
        {
            if (!_connections.TryGetValue(key, out connecting!)
                || connecting.IsFaulted || connecting.IsCanceled || (connecting.IsCompletedSuccessfully && !connecting.Result.IsOpen))
            {
                if (connecting is { IsCompletedSuccessfully: true })
                {
                    _ = connecting.Result.DisposeAsync().AsTask();
                }
                connecting = SegmentStoreConnection.ConnectAsync(endPoint, _options.ConnectTimeout, _options.KeepAliveInterval, CancellationToken.None);
                _connections[key] = connecting;
            }
        }
        return await connecting.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        List<Task<SegmentStoreConnection>> connections;
        lock (_connectionsLock)
        {
            _disposed = true;
            connections = [.. _connections.Values];
            _connections.Clear();
        }
        foreach (var connecting in connections)
        {
            try
            {
                await (await connecting.ConfigureAwait(false)).DisposeAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // A connection that never opened has nothing to close.
            }
        }
    }

    /// <summary>The exception for a reply that is not the expected success.</summary>
    private static SegmentStoreClientException Unexpected(string segment, Reply reply) => reply.Command switch
    {
        Wire.Commands.ErrorMessage error => new SegmentStoreErrorException($"'{segment}': {error.Message} (error code {error.ErrorCode})"),
        _ => reply.Kind switch
        {
            ReplyKind.SegmentMissing => new SegmentNotFoundException(segment),
            ReplyKind.Sealed => new SegmentSealedException(segment),
            ReplyKind.Truncated when reply.Command is Wire.Commands.SegmentIsTruncated t => new SegmentTruncatedException(segment, t.StartOffset),
            ReplyKind.ConditionFailed => new ConditionalCheckFailedException(segment),
            ReplyKind.TableKeyBadVersion => new TableKeyBadVersionException(segment),
            ReplyKind.TableKeyMissing => new TableKeyNotFoundException(segment),
            ReplyKind.TableNotEmpty => new TableSegmentNotEmptyException(segment),
            _ => new SegmentStoreErrorException($"'{segment}': unexpected reply {reply.Type}"),
        },
    };

    [LoggerMessage(400, LogLevel.Debug, "Request on '{Segment}' to {EndPoint} failed (attempt {Attempt}), retrying: {Reason}")]
    private static partial void LogRetry(ILogger logger, string segment, EndPoint endPoint, int attempt, string reason);
}
