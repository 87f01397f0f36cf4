using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Pravega.Perf.SegmentStore.Contracts;
using Pravega.Perf.SegmentStore.Server.AutoScale;
using Pravega.Perf.SegmentStore.Server.Connections;
using Pravega.Perf.SegmentStore.Server.Index;
using Pravega.Perf.SegmentStore.Tables;
using Pravega.Perf.Transport;

namespace Pravega.Perf.SegmentStore.Server;

/// <summary>
/// The wire-protocol front of a segment store: accepts connections on a listener and serves each with a request
/// processor over <see cref="ISegmentStore"/>. The store's lifetime is the caller's.
/// </summary>
public sealed class SegmentStoreServer : IAsyncDisposable
{
    private readonly ISegmentStore _store;
    private readonly ITableStore _tables;
    private readonly TableStore? _ownedTables;
    private readonly SegmentStoreServerOptions _options;
    private readonly IConnectionListenerFactory _listenerFactory;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly ConnectionTracker _tracker;
    private readonly SegmentIndexer _indexer;
    private readonly AutoScaleMonitor? _autoScale;
    private readonly Lock _lock = new();
    private readonly Dictionary<ServerConnection, Task> _connections = [];
    private IConnectionListener? _listener;
    private Task _acceptLoop = Task.CompletedTask;
    private int _state;

    /// <summary>Creates a server; nothing listens until <see cref="StartAsync"/>.</summary>
    /// <param name="store">The store the requests go to.</param>
    /// <param name="options">Listener and flow-control settings.</param>
    /// <param name="loggerFactory">Logging; null = none.</param>
    /// <param name="listenerFactory">The transport; null = TCP sockets.</param>
    /// <param name="tables">The table store the table-segment commands go to (its lifetime is the caller's); null = a
    /// <see cref="TableStore"/> over <paramref name="store"/> with default options, owned by this server.</param>
    /// <param name="autoScale">Measures segment rates for auto-scaling (its lifetime is the caller's); null = no auto-scaling.</param>
    public SegmentStoreServer(ISegmentStore store, SegmentStoreServerOptions options, ILoggerFactory? loggerFactory = null,
        IConnectionListenerFactory? listenerFactory = null, ITableStore? tables = null, AutoScaleMonitor? autoScale = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(options);
        _store = store;
        _options = options;
        _loggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
        if (tables is null)
        {
            _ownedTables = new TableStore(store, new TableStoreOptions(), _loggerFactory.CreateLogger<TableStore>());
        }
        _tables = tables ?? _ownedTables!;
        _logger = _loggerFactory.CreateLogger<SegmentStoreServer>();
        (_listenerFactory, TransportDescription) = listenerFactory is null
            ? ServerTransportFactory.Create(options)
            : (listenerFactory, "transport: " + listenerFactory.GetType().Name);
        _tracker = new ConnectionTracker(options.MaxOutstandingAppendBytesPerConnection, options.MaxOutstandingAppendBytesAllConnections);
        _indexer = new SegmentIndexer(store, _loggerFactory.CreateLogger<SegmentIndexer>());
        _autoScale = autoScale;
    }

    /// <summary>Which transport the listener uses (logged when it starts listening).</summary>
    public string TransportDescription { get; }

    /// <summary>The bound address (with the real port when <see cref="SegmentStoreServerOptions.Port"/> is 0).</summary>
    public EndPoint? LocalEndPoint => _listener?.LocalEndPoint;

    /// <summary>Connections currently open.</summary>
    public int ConnectionCount
    {
        get
        {
            lock (_lock)
            {
                return _connections.Count;
            }
        }
    }

    /// <summary>Binds the listener and starts accepting.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.CompareExchange(ref _state, 1, 0) != 0)
        {
            throw new InvalidOperationException("The server was already started.");
        }
        var endPoint = new IPEndPoint(IPAddress.Parse(_options.ListenAddress), _options.Port);
        _listener = await _listenerFactory.BindAsync(endPoint, cancellationToken).ConfigureAwait(false);
        _indexer.Start();
        ServerLog.Listening(_logger, _listener.LocalEndPoint);
        ServerLog.TransportInUse(_logger, TransportDescription);
        _acceptLoop = AcceptLoopAsync(_listener);
    }

    /// <summary>
    /// Graceful shutdown: stops accepting, lets every connection finish the requests it has read, acknowledges or
    /// fails every pending append, then closes the connections. Connections still open when
    /// <paramref name="cancellationToken"/> fires are aborted.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _state, 2) != 1)
        {
            return;
        }
        if (_listener is not null)
        {
            await _listener.UnbindAsync().ConfigureAwait(false);
        }
        await _acceptLoop.ConfigureAwait(false);
        KeyValuePair<ServerConnection, Task>[] open;
        lock (_lock)
        {
            open = [.. _connections];
        }
        ServerLog.Stopping(_logger, open.Length);
        foreach (var (connection, _) in open)
        {
            connection.Stop();
        }
        var all = Task.WhenAll(open.Select(c => c.Value));
        try
        {
            await all.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            ServerLog.AbortingConnections(_logger, open.Length);
            foreach (var (connection, _) in open)
            {
                connection.Abort();
            }
            await all.ConfigureAwait(false);
        }
        await _indexer.DisposeAsync().ConfigureAwait(false);
        if (_ownedTables is not null)
        {
            await _ownedTables.DisposeAsync().ConfigureAwait(false);
        }
        if (_listener is not null)
        {
            await _listener.DisposeAsync().ConfigureAwait(false);
        }
        ServerLog.Stopped(_logger);
    }

    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);

    private async Task AcceptLoopAsync(IConnectionListener listener)
    {
        var connectionLogger = _loggerFactory.CreateLogger<ServerConnection>();
        while (await listener.AcceptAsync().ConfigureAwait(false) is { } transport)
        {
            ServerLog.ConnectionAccepted(_logger, transport.ConnectionId, transport.RemoteEndPoint);
            var connection = new ServerConnection(transport, _store, _tables, _indexer, _autoScale, _tracker.CreateFlowControl(),
                _options.ReplyWithStackTraceOnError, connectionLogger);
            lock (_lock)
            {
                if (Volatile.Read(ref _state) != 1)
                {
                    transport.Abort();
                    _ = transport.DisposeAsync().AsTask();
                    return;
                }
                _connections[connection] = RunConnectionAsync(connection);
            }
        }
    }

    private async Task RunConnectionAsync(ServerConnection connection)
    {
        // Yield so the accept loop takes the next connection while this one starts.
        await Task.Yield();
        await connection.RunAsync().ConfigureAwait(false);
        lock (_lock)
        {
            _connections.Remove(connection);
        }
    }
}
