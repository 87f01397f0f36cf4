using System.Net;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Pravega.Perf.Common.Naming;
using Pravega.Perf.SegmentStore.Contracts;
using Pravega.Perf.SegmentStore.Server.AutoScale;
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
    private readonly AutoScaleOptions _autoScaleOptions;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private SegmentStoreService? _store;
    private TableStore? _tables;
    private SegmentStoreServer? _server;
    private AutoScaleMonitor? _autoScale;
    private GrpcScaleReporter? _reporter;

    public SegmentStoreHostedService(IOptions<SegmentStoreOptions> storeOptions, IOptions<SegmentStoreServerOptions> serverOptions,
        IOptions<TableStoreOptions> tableOptions, ILoggerFactory loggerFactory, IOptions<AutoScaleOptions>? autoScaleOptions = null)
    {
        ArgumentNullException.ThrowIfNull(storeOptions);
        ArgumentNullException.ThrowIfNull(serverOptions);
        ArgumentNullException.ThrowIfNull(tableOptions);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        _storeOptions = storeOptions.Value;
        _serverOptions = serverOptions.Value;
        _tableOptions = tableOptions.Value;
        _autoScaleOptions = autoScaleOptions?.Value ?? new AutoScaleOptions();
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger<SegmentStoreHostedService>();
    }

    /// <summary>The controller that takes auto-scale requests, asked at the first request (standalone sets it, since its
    /// controller starts after the store); null = <see cref="AutoScaleOptions.ControllerUri"/>, where empty means no
    /// auto-scaling.</summary>
    public Func<Uri?>? ControllerUriResolver { get; set; }

    /// <summary>The auto-scale monitor, when auto-scaling is on.</summary>
    public AutoScaleMonitor? AutoScale => _autoScale;

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
        var controller = ControllerUriResolver
            ?? (string.IsNullOrEmpty(_autoScaleOptions.ControllerUri) ? null : () => new Uri(_autoScaleOptions.ControllerUri));
        if (controller is not null)
        {
            _reporter = new GrpcScaleReporter(() => controller() ?? throw new InvalidOperationException("the controller's address is not known yet"));
            _autoScale = new AutoScaleMonitor(_store, _reporter, _autoScaleOptions, _loggerFactory.CreateLogger<AutoScaleMonitor>());
            ServerLog.AutoScaleOn(_logger, ControllerUriResolver is null ? _autoScaleOptions.ControllerUri : "the standalone controller");
        }
        _server = new SegmentStoreServer(_store, _serverOptions, _loggerFactory, tables: _tables, autoScale: _autoScale);
        await _server.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_server is not null)
        {
            await _server.StopAsync(cancellationToken).ConfigureAwait(false);
        }
        await StopAutoScaleAsync().ConfigureAwait(false);
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
        await StopAutoScaleAsync().ConfigureAwait(false);
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

    private async Task StopAutoScaleAsync()
    {
        if (_autoScale is not null)
        {
            await _autoScale.DisposeAsync().ConfigureAwait(false);
            _autoScale = null;
        }
        _reporter?.Dispose();
        _reporter = null;
    }
}
