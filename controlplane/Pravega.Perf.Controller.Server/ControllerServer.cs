using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Pravega.Perf.Controller.Cluster;
using Pravega.Perf.Controller.Retention;
using Pravega.Perf.Controller.Server.Grpc;

namespace Pravega.Perf.Controller.Server;

/// <summary>
/// The controller process part: finishes the workflows an earlier run left (the segment store must be up), then serves
/// Pravega's <c>ControllerService</c>, our segment-store report service and the standard gRPC health service on Kestrel
/// (HTTP/2 cleartext). It runs its own small web host inside any Generic Host, so <c>pravega controller</c> and
/// <c>pravega standalone</c> compose it the same way.
/// </summary>
public sealed partial class ControllerServer : IHostedService, IAsyncDisposable
{
    private readonly ControllerServerOptions _serverOptions;
    private readonly IOptions<ControllerOptions> _options;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private ControllerRuntime? _runtime;
    private WebApplication? _web;
    private WatermarkLoop? _watermarks;
    private RetentionJob? _retention;

    public ControllerServer(IOptions<ControllerServerOptions> serverOptions, IOptions<ControllerOptions> options, ILoggerFactory loggerFactory)
    {
        _serverOptions = serverOptions.Value;
        _options = options;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger<ControllerServer>();
    }

    /// <summary>The runtime, once started (tests reach the services through it).</summary>
    public ControllerRuntime? Runtime => _runtime;

    /// <summary>The periodic retention job, once started.</summary>
    public RetentionJob? Retention => _retention;

    /// <summary>
    /// Where the segment store is, asked at start (standalone sets it to the store it hosts, whose port may be picked at
    /// start); null = <see cref="ControllerServerOptions.SegmentStore"/>.
    /// </summary>
    public Func<DnsEndPoint>? SegmentStoreResolver { get; set; }

    /// <summary>The address the gRPC listener is bound to, once started.</summary>
    public Uri? Address { get; private set; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var store = SegmentStoreResolver?.Invoke() ?? ParseEndPoint(_serverOptions.SegmentStore);
        var ownership = new SingleStoreOwnership(store, _options.Value.ContainerCount);
        _runtime = ControllerRuntime.Create(ownership, _options, _loggerFactory);
        var recovered = await _runtime.StartAsync(cancellationToken).ConfigureAwait(false);

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(_loggerFactory);
        builder.Services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        builder.Services.AddSingleton<IHostLifetime, EmbeddedHostLifetime>();
        builder.Services.AddSingleton(_runtime);
        builder.Services.AddSingleton(_serverOptions);
        builder.Services.AddGrpc(o => o.Interceptors.Add<ExceptionMappingInterceptor>());
        // SERVING once the metadata tables were reached and recovery ran, i.e. from the moment the port opens.
        builder.Services.AddGrpcHealthChecks().AddCheck("controller", () => HealthCheckResult.Healthy("recovered, metadata reachable"));
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Parse(_serverOptions.ListenAddress), _serverOptions.Port,
            listen => listen.Protocols = HttpProtocols.Http2));
        _web = builder.Build();
        _web.MapGrpcService<ControllerGrpcService>();
        _web.MapGrpcService<SegmentStoreReportsService>();
        _web.MapGrpcService<StreamCutsService>();
        _web.MapGrpcHealthChecksService();
        await _web.StartAsync(cancellationToken).ConfigureAwait(false);
        var addresses = _web.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>();
        Address = new Uri(addresses!.Addresses.First());
        if (_runtime.Watermarks is { } watermarks)
        {
            _watermarks = new WatermarkLoop(watermarks, _options.Value.WatermarkPeriod, _runtime.Time, _logger);
        }
        if (_serverOptions.AdvertisedPort is null)
        {
            _serverOptions.AdvertisedPort = Address.Port;
        }
        _retention = new RetentionJob(_runtime.Retention, _options.Value.RetentionPeriod, _runtime.Time, _loggerFactory.CreateLogger<RetentionJob>());
        _retention.Start();
        LogListening(_logger, Address, $"{store.Host}:{store.Port}", recovered);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await StopPeriodicJobsAsync().ConfigureAwait(false);
        if (_web is not null)
        {
            await _web.StopAsync(cancellationToken).ConfigureAwait(false);
        }
        // Close the connections to the segment store now, so that a store stopping after us has nothing to drain.
        if (_runtime is not null)
        {
            await _runtime.DisposeAsync().ConfigureAwait(false);
        }
        LogStopped(_logger);
    }

    public async ValueTask DisposeAsync()
    {
        await StopPeriodicJobsAsync().ConfigureAwait(false);
        if (_web is not null)
        {
            await _web.DisposeAsync().ConfigureAwait(false);
        }
        if (_runtime is not null)
        {
            await _runtime.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Stops the retention and watermark jobs (once: a server may be stopped and then disposed).</summary>
    private async Task StopPeriodicJobsAsync()
    {
        if (_retention is not null)
        {
            await _retention.DisposeAsync().ConfigureAwait(false);
            _retention = null;
        }
        if (_watermarks is not null)
        {
            await _watermarks.DisposeAsync().ConfigureAwait(false);
            _watermarks = null;
        }
    }

    /// <summary>HOST:PORT → endpoint.</summary>
    public static DnsEndPoint ParseEndPoint(string hostPort)
    {
        var colon = hostPort.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(hostPort.AsSpan(colon + 1), out var port) || port is <= 0 or > 65535)
        {
            throw new ArgumentException($"'{hostPort}' is not HOST:PORT", nameof(hostPort));
        }
        return new DnsEndPoint(hostPort[..colon], port);
    }

    [LoggerMessage(300, LogLevel.Information, "Controller listening on {Address} (gRPC), segment store {SegmentStore}; {Recovered} unfinished workflow(s) recovered")]
    private static partial void LogListening(ILogger logger, Uri address, string segmentStore, int recovered);

    [LoggerMessage(301, LogLevel.Information, "Controller stopped")]
    private static partial void LogStopped(ILogger logger);
}
