using System.Collections.Concurrent;
using System.Net;
using Grpc.Core;
using Grpc.Net.Client;
using Pravega.Perf.Client.Segments;
using Pravega.Perf.Common.Naming;
using Pravega.Perf.Controller.Contracts.V1;

namespace Pravega.Perf.Client.Control;

/// <summary>
/// The client's side of the controller's gRPC API: every call with a deadline and Pravega's retry schedule on
/// UNAVAILABLE (and on ABORTED, a workflow beaten by a concurrent change). It also resolves segments to their segment
/// store through <c>getURI</c>, caching answers until a store says <c>WrongHost</c> or fails.
/// </summary>
public sealed class ControllerClient : ISegmentEndpointResolver, IDisposable
{
    private readonly ClientConfig _config;
    private readonly ConcurrentDictionary<string, EndPoint> _endpoints = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    /// <summary>Controllers to use, in order of preference: the URI's, then (pravega://) those the controllers list.</summary>
    private readonly List<Uri> _addresses;
    private readonly Dictionary<Uri, (GrpcChannel Channel, ControllerService.ControllerServiceClient Client)> _channels = [];
    private readonly bool _discover;
    private int _current;
    private int _discovered;

    public ControllerClient(ClientConfig config)
    {
        _config = config;
        _addresses = [.. HttpAddresses(config.ControllerUri)];
        _discover = config.ControllerUri.Scheme == "pravega";
    }

    /// <summary>The generated client of the controller in use, for calls this class has no helper for.</summary>
    public ControllerService.ControllerServiceClient Service
    {
        get
        {
            lock (_lock)
            {
                return ClientFor(_addresses[_current]);
            }
        }
    }

    /// <summary>
    /// Runs one controller call with a deadline, retrying UNAVAILABLE, ABORTED and DEADLINE_EXCEEDED with exponential
    /// backoff; after the last attempt <see cref="ControllerUnavailableException"/>. Other statuses are not retried:
    /// INVALID_ARGUMENT becomes <see cref="ArgumentException"/>, the rest <see cref="ControllerFailureException"/>.
    /// </summary>
    /// <remarks>With a <c>pravega://</c> URI the first call asks for the controller list (<c>getControllerServerList</c>),
    /// and an UNAVAILABLE controller makes the next attempt go to the next one in the list.</remarks>
    public async Task<T> CallAsync<T>(Func<ControllerService.ControllerServiceClient, CallOptions, AsyncUnaryCall<T>> call, CancellationToken cancellationToken)
    {
        if (_discover && Interlocked.Exchange(ref _discovered, 1) == 0)
        {
            await DiscoverAsync(cancellationToken).ConfigureAwait(false);
        }
        var backoff = _config.ControllerInitialBackoff;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var options = new CallOptions(deadline: DateTime.UtcNow + _config.ControllerCallTimeout, cancellationToken: cancellationToken);
                return await call(Service, options).ResponseAsync.ConfigureAwait(false);
            }
            catch (RpcException e) when (e.StatusCode is StatusCode.Unavailable or StatusCode.Aborted or StatusCode.DeadlineExceeded
                                         && !cancellationToken.IsCancellationRequested)
            {
                if (attempt >= _config.ControllerRetryAttempts)
                {
                    throw new ControllerUnavailableException($"controller {_config.ControllerUri}: {e.Status.Detail} (after {attempt} attempts)", e);
                }
                if (e.StatusCode == StatusCode.Unavailable)
                {
                    lock (_lock)
                    {
                        _current = (_current + 1) % _addresses.Count;
                    }
                }
                await Task.Delay(backoff, cancellationToken).ConfigureAwait(false);
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * _config.ControllerBackoffMultiplier, _config.ControllerMaxBackoff.Ticks));
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.InvalidArgument)
            {
                throw new ArgumentException(e.Status.Detail, e);
            }
            catch (RpcException e) when (e.StatusCode != StatusCode.Cancelled)
            {
                throw new ControllerFailureException($"controller {_config.ControllerUri}: {e.StatusCode}: {e.Status.Detail}", e);
            }
        }
    }

    /// <summary>
    /// Our controller's <c>getStreamCutAt</c> (<c>StreamCuts.proto</c>, not Pravega's API), with the same deadline, retries
    /// and controller failover as <see cref="CallAsync{T}"/>: the StreamCut of the stream for a Unix time in ms.
    /// </summary>
    public Task<StreamCut> GetStreamCutAtAsync(string scope, string stream, long timeMillis, CancellationToken cancellationToken)
    {
        var request = new StreamCutAtTimeRequest { StreamInfo = new StreamInfo { Scope = scope, Stream = stream }, TimestampMs = timeMillis };
        return CallAsync((c, o) => new StreamCuts.StreamCutsClient(ChannelOf(c)).getStreamCutAtAsync(request, o), cancellationToken);
    }

    /// <summary>The segment store owning a segment of a stream (cached).</summary>
    public async ValueTask<EndPoint> ResolveAsync(string qualifiedSegmentName, CancellationToken cancellationToken)
    {
        if (_endpoints.TryGetValue(qualifiedSegmentName, out var cached))
        {
            return cached;
        }
        var name = QualifiedSegmentName.Parse(qualifiedSegmentName);
        var segment = new SegmentId
        {
            StreamInfo = new StreamInfo { Scope = name.Scope, Stream = name.Stream },
            SegmentId_ = NameUtils.ComputeSegmentId(name.SegmentNumber, name.Epoch),
        };
        var uri = await CallAsync((c, o) => c.getURIAsync(segment, o), cancellationToken).ConfigureAwait(false);
        var endPoint = new DnsEndPoint(uri.Endpoint, uri.Port);
        _endpoints[qualifiedSegmentName] = endPoint;
        return endPoint;
    }

    public void Invalidate(string qualifiedSegmentName) => _endpoints.TryRemove(qualifiedSegmentName, out _);

    public void Dispose()
    {
        lock (_lock)
        {
            foreach (var (channel, _) in _channels.Values)
            {
                channel.Dispose();
            }
            _channels.Clear();
        }
    }

    /// <summary>Adds the controllers the first reachable one lists (ports it cannot be reached on are skipped).</summary>
    private async Task DiscoverAsync(CancellationToken cancellationToken)
    {
        Uri[] seeds;
        lock (_lock)
        {
            seeds = [.. _addresses];
        }
        foreach (var seed in seeds)
        {
            try
            {
                ControllerService.ControllerServiceClient client;
                lock (_lock)
                {
                    client = ClientFor(seed);
                }
                var options = new CallOptions(deadline: DateTime.UtcNow + _config.ControllerCallTimeout, cancellationToken: cancellationToken);
                var servers = await client.getControllerServerListAsync(new ServerRequest(), options).ResponseAsync.ConfigureAwait(false);
                lock (_lock)
                {
                    foreach (var node in servers.NodeURI.Where(n => n.Port > 0 && !string.IsNullOrEmpty(n.Endpoint)))
                    {
                        var address = new Uri($"http://{node.Endpoint}:{node.Port}");
                        if (!_addresses.Contains(address))
                        {
                            _addresses.Add(address);
                        }
                    }
                    _current = _addresses.IndexOf(seed);
                }
                return;
            }
            catch (RpcException)
            {
                // Try the next seed; with none reachable the calls retry over the seeds themselves.
            }
        }
    }

    /// <summary>The channel behind a client <see cref="Service"/> handed out, so our own services share its controller.</summary>
    private GrpcChannel ChannelOf(ControllerService.ControllerServiceClient client)
    {
        lock (_lock)
        {
            return _channels.Values.First(open => ReferenceEquals(open.Client, client)).Channel;
        }
    }

    /// <summary>The channel to one controller, opened on first use (under the lock).</summary>
    private ControllerService.ControllerServiceClient ClientFor(Uri address)
    {
        if (!_channels.TryGetValue(address, out var open))
        {
            var channel = GrpcChannel.ForAddress(address);
            open = (channel, new ControllerService.ControllerServiceClient(channel));
            _channels[address] = open;
        }
        return open.Client;
    }

    /// <summary><c>tcp://h:p</c> and <c>pravega://h:p</c> as the gRPC channels' HTTP/2 addresses (System.Uri holds one
    /// host; with pravega:// the rest are discovered).</summary>
    internal static IEnumerable<Uri> HttpAddresses(Uri controller)
    {
        switch (controller.Scheme)
        {
            case "tcp":
                return [new Uri($"http://{controller.Authority}")];
            case "pravega":
                return controller.OriginalString["pravega://".Length..].Split('/')[0].Split(',', StringSplitOptions.RemoveEmptyEntries)
                    .Select(h => new Uri($"http://{h}"));
            case "tls" or "ssl" or "pravegas":
                throw new ArgumentException($"controller URI '{controller}': TLS is not supported yet", nameof(controller));
            default:
                throw new ArgumentException($"controller URI '{controller}': the scheme must be tcp:// or pravega://", nameof(controller));
        }
    }
}
