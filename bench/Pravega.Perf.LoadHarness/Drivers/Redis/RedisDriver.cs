using Pravega.Perf.LoadHarness.Drivers.Peers;
using StackExchange.Redis;

namespace Pravega.Perf.LoadHarness.Drivers.Redis;

/// <summary>
/// Redis Streams as a harness peer: one stream key per partition (<c>topic:&lt;partition&gt;</c>), the routing key hashed
/// to a partition, each event an entry with fields <c>k</c> (routing key) and <c>v</c> (payload). Producers XADD on their
/// own connection, pipelined up to <see cref="RedisDriverSettings.MaxOutstanding"/>; consumers XREAD the keys they own.
/// The durability printed is the server's own AOF setting, read with CONFIG GET when the driver connects.
/// </summary>
public sealed class RedisDriver : ILoadDriver
{
    private readonly ConfigurationOptions _options;
    private readonly RedisDriverSettings _settings;
    private readonly ConnectionMultiplexer _admin;

    /// <param name="endpoint">The server as StackExchange.Redis parses it, e.g. <c>127.0.0.1:6379</c> (the harness's <c>--redis</c>).</param>
    /// <param name="settings">Pipeline depth and read batch; defaults when null.</param>
    public RedisDriver(string endpoint, RedisDriverSettings? settings = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(endpoint);
        _options = ConfigurationOptions.Parse(endpoint);
        _options.AllowAdmin = true;
        _options.AbortOnConnectFail = true;
        _settings = settings ?? new RedisDriverSettings();
        _admin = ConnectionMultiplexer.Connect(_options);
        Durability = ReadDurability(_admin);
    }

    public string Name => "redis";

    public string Durability { get; }

    public async Task CreateTopicAsync(string topic, int partitions, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(partitions, 1);
        var database = _admin.GetDatabase();
        if (!await database.StringSetAsync(MetaKey(topic), TopicNames.DescribePartitions(partitions), when: When.NotExists).ConfigureAwait(false))
        {
            throw new InvalidOperationException($"topic '{topic}' exists already");
        }
    }

    public async Task<ILoadProducer> CreateProducerAsync(string topic, int index, CancellationToken cancellationToken)
    {
        var keys = StreamKeys(topic, await PartitionsAsync(topic).ConfigureAwait(false));
        // A connection per producer, as separate clients would have; Redis still executes them one at a time.
        var connection = await ConnectionMultiplexer.ConnectAsync(_options).ConfigureAwait(false);
        return new RedisProducer(connection, keys, _settings.MaxOutstanding);
    }

    public async Task<ILoadConsumer> CreateConsumerAsync(string topic, int index, int consumerCount, CancellationToken cancellationToken)
    {
        var keys = StreamKeys(topic, await PartitionsAsync(topic).ConfigureAwait(false));
        var owned = KeyPartitioner.Owned(keys.Length, index, consumerCount).Select(p => keys[p]).ToArray();
        var connection = await ConnectionMultiplexer.ConnectAsync(_options).ConfigureAwait(false);
        return new RedisConsumer(connection, owned, _settings.ReadCount);
    }

    public async Task DeleteTopicAsync(string topic, CancellationToken cancellationToken)
    {
        var keys = StreamKeys(topic, await PartitionsAsync(topic).ConfigureAwait(false));
        var database = _admin.GetDatabase();
        await database.KeyDeleteAsync([.. keys, MetaKey(topic)]).ConfigureAwait(false);
    }

    public ValueTask DisposeAsync() => _admin.DisposeAsync();

    /// <summary>The partition stream keys of a topic; '{topic}' is a hash tag, so a cluster would keep them on one node.</summary>
    internal static RedisKey[] StreamKeys(string topic, int partitions) =>
        Enumerable.Range(0, partitions).Select(p => (RedisKey)$"{{{topic}}}:{p}").ToArray();

    private static RedisKey MetaKey(string topic) => $"{{{topic}}}:partitions";

    private async Task<int> PartitionsAsync(string topic)
    {
        var description = await _admin.GetDatabase().StringGetAsync(MetaKey(topic)).ConfigureAwait(false);
        return TopicNames.ParsePartitions(description, topic);
    }

    private static string ReadDurability(ConnectionMultiplexer connection)
    {
        var server = connection.GetServer(connection.GetEndPoints()[0]);
        string Setting(string name) => server.ConfigGet(name).FirstOrDefault().Value ?? "?";
        var appendOnly = Setting("appendonly");
        var fsync = Setting("appendfsync");
        return appendOnly == "yes"
            ? fsync switch
            {
                "always" => "Redis AOF appendfsync always (fsync before reply)",
                "everysec" => "Redis AOF appendfsync everysec (ack before fsync, fsync each second)",
                _ => $"Redis AOF appendfsync {fsync} (ack before fsync, OS decides)",
            }
            : "Redis without AOF (memory only, ack before any write to disk)";
    }
}
