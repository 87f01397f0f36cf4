using Pravega.Perf.Client;
using Pravega.Perf.Client.Admin;
using Pravega.Perf.Client.Readers;
using Pravega.Perf.Client.Streams;
using Pravega.Perf.LoadHarness.Hosting;

namespace Pravega.Perf.LoadHarness.Drivers.Pravega;

/// <summary>
/// Pravega.Perf through its client library: a topic is a stream in scope <c>bench</c>, a producer an
/// <c>EventStreamWriter&lt;byte[]&gt;</c> (or a transactional writer), consumers the readers of one reader group.
/// </summary>
internal sealed class PravegaDriver : ILoadDriver, IServerDiskCounter
{
    public const string Scope = "bench";

    private readonly ClientConfig _config;
    private readonly PravegaDriverOptions _options;
    private readonly IAsyncDisposable? _host;
    private readonly SemaphoreSlim _groupLock = new(1, 1);
    private readonly HashSet<string> _groups = [];

    /// <remarks>
    /// <para><c>host</c>: What serves <c>config</c>'s controller when the harness started it (a spawned standalone); disposed last.</para>
    /// </remarks>
    public PravegaDriver(ClientConfig config, PravegaDriverOptions options, IAsyncDisposable? host = null)
    {
        _config = config;
        _options = options;
        _host = host;
    }

    public string Name => "pravega";

    public string Durability => _options.TransactionEvents > 0
        ? "transaction committed (its events fdatasync'd in the WAL)"
        : "fdatasync of the WAL group commit holding the event";

    public async Task CreateTopicAsync(string topic, int partitions, CancellationToken cancellationToken)
    {
        await using var streams = new StreamManager(_config);
        await streams.CreateScopeAsync(Scope, cancellationToken).ConfigureAwait(false);
        var scaling = _options.AutoScaleEventsPerSecond > 0
            ? ScalingPolicy.ByEventRate(_options.AutoScaleEventsPerSecond, 2, partitions)
            : ScalingPolicy.Fixed(partitions);
        await streams.CreateStreamAsync(Scope, topic, new StreamConfiguration { Scaling = scaling, TimestampAggregationTimeout = _options.WatermarkPeriod },
            cancellationToken).ConfigureAwait(false);
    }

    public async Task<ILoadProducer> CreateProducerAsync(string topic, int index, CancellationToken cancellationToken)
    {
        var stream = new ScopedStream(Scope, topic);
        return _options.TransactionEvents > 0
            ? new PravegaTransactionProducer(_config, stream, _options.TransactionEvents)
            : await PravegaProducer.CreateAsync(_config, stream, _options.WatermarkPeriod, cancellationToken).ConfigureAwait(false);
    }

    public async Task<ILoadConsumer> CreateConsumerAsync(string topic, int index, int consumerCount, CancellationToken cancellationToken)
    {
        // One reader group per topic, created by whichever consumer comes first; the group balances segments over its readers.
        var group = GroupName(topic);
        await _groupLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_groups.Add(group))
            {
                await using var groups = ReaderGroupManager.WithScope(Scope, _config);
                await groups.CreateReaderGroupAsync(group, ReaderGroupConfig.ForStream(new ScopedStream(Scope, topic)), cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _groupLock.Release();
        }
        return await PravegaConsumer.CreateAsync(_config, Scope, group, $"reader{index}", cancellationToken).ConfigureAwait(false);
    }

    public async Task DeleteTopicAsync(string topic, CancellationToken cancellationToken)
    {
        if (_groups.Remove(GroupName(topic)))
        {
            await using var groups = ReaderGroupManager.WithScope(Scope, _config);
            await groups.DeleteReaderGroupAsync(GroupName(topic), cancellationToken).ConfigureAwait(false);
        }
        await using var streams = new StreamManager(_config);
        await streams.SealStreamAsync(Scope, topic, cancellationToken).ConfigureAwait(false);
        await streams.DeleteStreamAsync(Scope, topic, cancellationToken).ConfigureAwait(false);
    }

    public long? ServerDiskWrittenBytes() => (_host as StandaloneRun)?.DiskWrittenBytes();

    public async ValueTask DisposeAsync()
    {
        _groupLock.Dispose();
        if (_host is not null)
        {
            await _host.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static string GroupName(string topic) => topic + "-readers";
}
