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
    private readonly GrpcChannel _channel;
    private readonly ConcurrentDictionary<string, EndPoint> _endpoints = new(StringComparer.Ordinal);

    public ControllerClient(ClientConfig config)
    {
        _config = config;
        _channel = GrpcChannel.ForAddress(HttpAddress(config.ControllerUri));
        Service = new ControllerService.ControllerServiceClient(_channel);
    }

    /// <summary>The generated client, for calls this class has no helper for.</summary>
    public ControllerService.ControllerServiceClient Service { get; }

    /// <summary>
    /// Runs one controller call with a deadline, retrying UNAVAILABLE, ABORTED and DEADLINE_EXCEEDED with exponential
    /// backoff; after the last attempt <see cref="ControllerUnavailableException"/>. Other statuses are not retried:
    /// INVALID_ARGUMENT becomes <see cref="ArgumentException"/>, the rest <see cref="ControllerFailureException"/>.
    /// </summary>
    public async Task<T> CallAsync<T>(Func<ControllerService.ControllerServiceClient, CallOptions, AsyncUnaryCall<T>> call, CancellationToken cancellationToken)
    {
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

    public void Dispose() => _channel.Dispose();

    /// <summary><c>tcp://h:p</c> and <c>pravega://h:p[,…]</c> (the first controller listed) as the gRPC channel's HTTP/2 address.</summary>
    internal static Uri HttpAddress(Uri controller)
    {
        switch (controller.Scheme)
        {
            case "tcp":
                return new Uri($"http://{controller.Authority}");
            case "pravega":
                var first = controller.OriginalString["pravega://".Length..].Split(',', '/')[0];
                return new Uri($"http://{first}");
            case "tls" or "ssl" or "pravegas":
                throw new ArgumentException($"controller URI '{controller}': TLS is not supported yet", nameof(controller));
            default:
                throw new ArgumentException($"controller URI '{controller}': the scheme must be tcp:// or pravega://", nameof(controller));
        }
    }
}
