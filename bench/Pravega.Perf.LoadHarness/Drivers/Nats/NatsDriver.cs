using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using Pravega.Perf.LoadHarness.Drivers.Peers;

namespace Pravega.Perf.LoadHarness.Drivers.Nats;

/// <summary>
/// NATS JetStream as a harness peer: one stream per topic in file storage, subjects <c>topic.&lt;partition&gt;</c>,
/// the routing key hashed to a partition and carried in the body (<see cref="KeyedPayload"/>). Producers publish
/// asynchronously with up to <see cref="NatsDriverSettings.MaxOutstanding"/> acks outstanding; consumers read their
/// partitions through one ephemeral pull consumer each, without acks (the cheapest way JetStream replays a stream).
/// </summary>
public sealed class NatsDriver : ILoadDriver
{
    private readonly NatsDriverSettings _settings;
    private readonly NatsConnection _admin;
    private readonly NatsJSContext _js;
    private readonly string _url;

    /// <param name="url">The server, e.g. <c>nats://127.0.0.1:4222</c> (the harness's <c>--nats-url</c>).</param>
    /// <param name="settings">Publish window and the server's sync setting; defaults when null.</param>
    public NatsDriver(string url, NatsDriverSettings? settings = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(url);
        _url = url;
        _settings = settings ?? new NatsDriverSettings();
        _admin = Connect(url, "pravega-bench-admin");
        _js = new NatsJSContext(_admin);
    }

    public string Name => "nats";

    public string Durability => _settings.Durability;

    public async Task CreateTopicAsync(string topic, int partitions, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(partitions, 1);
        var token = TopicNames.Token(topic);
        var config = new StreamConfig(token, [token + ".*"])
        {
            Storage = StreamConfigStorage.File,
            Description = TopicNames.DescribePartitions(partitions),
        };
        await _js.CreateStreamAsync(config, cancellationToken).ConfigureAwait(false);
    }

    public async Task<ILoadProducer> CreateProducerAsync(string topic, int index, CancellationToken cancellationToken)
    {
        var partitions = await PartitionsAsync(topic, cancellationToken).ConfigureAwait(false);
        // A connection per producer, as separate client processes would have: one socket would serialize them all.
        var connection = Connect(_url, $"pravega-bench-producer-{index}");
        await connection.ConnectAsync().ConfigureAwait(false);
        return new NatsProducer(connection, TopicNames.Token(topic), partitions, _settings.MaxOutstanding);
    }

    public async Task<ILoadConsumer> CreateConsumerAsync(string topic, int index, int consumerCount, CancellationToken cancellationToken)
    {
        var partitions = await PartitionsAsync(topic, cancellationToken).ConfigureAwait(false);
        var connection = Connect(_url, $"pravega-bench-consumer-{index}");
        await connection.ConnectAsync().ConfigureAwait(false);
        var owned = KeyPartitioner.Owned(partitions, index, consumerCount);
        return await NatsConsumer.StartAsync(connection, TopicNames.Token(topic), owned, _settings.ConsumerBuffer, cancellationToken)
            .ConfigureAwait(false);
    }

    public async Task DeleteTopicAsync(string topic, CancellationToken cancellationToken) =>
        await _js.DeleteStreamAsync(TopicNames.Token(topic), cancellationToken).ConfigureAwait(false);

    public ValueTask DisposeAsync() => _admin.DisposeAsync();

    private async Task<int> PartitionsAsync(string topic, CancellationToken cancellationToken)
    {
        var stream = await _js.GetStreamAsync(TopicNames.Token(topic), cancellationToken: cancellationToken).ConfigureAwait(false);
        return TopicNames.ParsePartitions(stream.Info.Config.Description, topic);
    }

    private static NatsConnection Connect(string url, string name) =>
        new(NatsOpts.Default with { Url = url, Name = name, RequestTimeout = TimeSpan.FromSeconds(30) });
}
