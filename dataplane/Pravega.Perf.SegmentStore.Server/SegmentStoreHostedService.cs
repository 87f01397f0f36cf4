using System.Net;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Pravega.Perf.Common.Naming;

namespace Pravega.Perf.SegmentStore.Server;

/// <summary>
/// Runs a segment store in a Generic Host: on start it recovers the engine (<see cref="SegmentStoreService"/>) and
/// then opens the listener; on stop (SIGTERM) it drains the connections, then closes the engine.
/// </summary>
public sealed class SegmentStoreHostedService : IHostedService, IAsyncDisposable
{
    private readonly SegmentStoreOptions _storeOptions;
    private readonly SegmentStoreServerOptions _serverOptions;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private SegmentStoreService? _store;
    private SegmentStoreServer? _server;

    public SegmentStoreHostedService(IOptions<SegmentStoreOptions> storeOptions, IOptions<SegmentStoreServerOptions> serverOptions,
        ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(storeOptions);
        ArgumentNullException.ThrowIfNull(serverOptions);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        _storeOptions = storeOptions.Value;
        _serverOptions = serverOptions.Value;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger<SegmentStoreHostedService>();
    }

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
        _server = new SegmentStoreServer(_store, _serverOptions, _loggerFactory);
        await _server.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_server is not null)
        {
            await _server.StopAsync(cancellationToken).ConfigureAwait(false);
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
        if (_store is not null)
        {
            await _store.DisposeAsync().ConfigureAwait(false);
            _store = null;
        }
    }
}
