using System.Net;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Pravega.Perf.Common.Naming;
using Pravega.Perf.SegmentStore.Contracts;
using Pravega.Perf.SegmentStore.Tables;

namespace Pravega.Perf.SegmentStore.Server;

/// <summary>
/// Runs a segment store in a Generic Host: on start it recovers the engine (<see cref="SegmentStoreService"/>), puts
/// the table store (<see cref="TableStore"/>) on it and then opens the listener; on stop (SIGTERM) it drains the
/// connections, then closes the table store and the engine.
/// </summary>
public sealed class SegmentStoreHostedService : IHostedService, IAsyncDisposable
{
    private readonly SegmentStoreOptions _storeOptions;
    private readonly SegmentStoreServerOptions _serverOptions;
    private readonly TableStoreOptions _tableOptions;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private SegmentStoreService? _store;
    private TableStore? _tables;
    private SegmentStoreServer? _server;

    public SegmentStoreHostedService(IOptions<SegmentStoreOptions> storeOptions, IOptions<SegmentStoreServerOptions> serverOptions,
        IOptions<TableStoreOptions> tableOptions, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(storeOptions);
        ArgumentNullException.ThrowIfNull(serverOptions);
        ArgumentNullException.ThrowIfNull(tableOptions);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        _storeOptions = storeOptions.Value;
        _serverOptions = serverOptions.Value;
        _tableOptions = tableOptions.Value;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger<SegmentStoreHostedService>();
    }

    /// <summary>The table store once started (null before).</summary>
    public ITableStore? Tables => _tables;

    /// <summary>The listener's address once started.</summary>
    public EndPoint? LocalEndPoint => _server?.LocalEndPoint;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // Wire compatibility requires Pravega's segment-to-container mapping; it is not a user choice.
        if (_storeOptions.ContainerMapper is null)
        {
            var mapper = new SegmentToContainerMapper(_storeOptions.ContainerCount);
            _storeOptions.ContainerMapper = segment => mapper.GetContainerId(segment);
        }
        // The engine logs storage writer events (Tier-2 reconciliation and failures) through the host's logging.
        _storeOptions.LoggerFactory ??= _loggerFactory;
        _store = await SegmentStoreService.StartAsync(_storeOptions, cancellationToken).ConfigureAwait(false);
        ServerLog.EngineStarted(_logger, Path.GetFullPath(_storeOptions.DataDirectory), string.Join(",", _store.OwnedContainers));
        ServerLog.WalBackend(_logger, _store.WalBackend.Description);
        _tables = new TableStore(_store, _tableOptions, _loggerFactory.CreateLogger<TableStore>());
        _server = new SegmentStoreServer(_store, _serverOptions, _loggerFactory, tables: _tables);
        await _server.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_server is not null)
        {
            await _server.StopAsync(cancellationToken).ConfigureAwait(false);
        }
        if (_tables is not null)
        {
            await _tables.DisposeAsync().ConfigureAwait(false);
        }
        if (_store is not null)
        {
            await _store.DisposeAsync().ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync().ConfigureAwait(false);
            _server = null;
        }
        if (_tables is not null)
        {
            await _tables.DisposeAsync().ConfigureAwait(false);
            _tables = null;
        }
        if (_store is not null)
        {
            await _store.DisposeAsync().ConfigureAwait(false);
            _store = null;
        }
    }
}
