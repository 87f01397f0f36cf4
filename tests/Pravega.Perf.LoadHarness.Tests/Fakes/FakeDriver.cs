using System.Threading.Channels;
using Pravega.Perf.LoadHarness.Drivers;

namespace Pravega.Perf.LoadHarness.Tests.Fakes;

/// <summary>
/// An in-memory system for the harness's own tests: a topic is one channel per partition, keys map to partitions by
/// their ordinal hash. <see cref="SendDelay"/> makes a producer block before accepting an event (a saturated system);
/// <see cref="AckDelay"/> delays every acknowledgement.
/// </summary>
internal sealed class FakeDriver : ILoadDriver
{
    private readonly Dictionary<string, Channel<(string Key, byte[] Payload)>[]> _topics = [];

    public TimeSpan SendDelay { get; init; }

    public TimeSpan AckDelay { get; init; }

    public string Name => "fake";

    public string Durability => "in memory";

    public Task CreateTopicAsync(string topic, int partitions, CancellationToken cancellationToken)
    {
        lock (_topics)
        {
            _topics[topic] = Enumerable.Range(0, partitions).Select(_ => Channel.CreateUnbounded<(string, byte[])>()).ToArray();
        }
        return Task.CompletedTask;
    }

    public Task<ILoadProducer> CreateProducerAsync(string topic, int index, CancellationToken cancellationToken) =>
        Task.FromResult<ILoadProducer>(new FakeProducer(Partitions(topic), SendDelay, AckDelay));

    public Task<ILoadConsumer> CreateConsumerAsync(string topic, int index, int consumerCount, CancellationToken cancellationToken)
    {
        var mine = Partitions(topic).Where((_, p) => p % consumerCount == index).Select(c => c.Reader).ToArray();
        return Task.FromResult<ILoadConsumer>(new FakeConsumer(mine));
    }

    public Task DeleteTopicAsync(string topic, CancellationToken cancellationToken)
    {
        lock (_topics)
        {
            _topics.Remove(topic);
        }
        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private Channel<(string Key, byte[] Payload)>[] Partitions(string topic)
    {
        lock (_topics)
        {
            return _topics[topic];
        }
    }

    private sealed class FakeProducer(Channel<(string Key, byte[] Payload)>[] partitions, TimeSpan sendDelay, TimeSpan ackDelay) : ILoadProducer
    {
        private Task _lastAck = Task.CompletedTask;

        public async ValueTask<Task> SendAsync(string key, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
        {
            if (sendDelay > TimeSpan.Zero)
            {
                await Task.Delay(sendDelay, cancellationToken);
            }
            var partition = partitions[(int)((uint)StringComparer.Ordinal.GetHashCode(key) % (uint)partitions.Length)];
            partition.Writer.TryWrite((key, payload.ToArray()));
            // Acks stay in send order: each waits for the previous one.
            _lastAck = ackDelay > TimeSpan.Zero ? Task.WhenAll(_lastAck, Task.Delay(ackDelay, CancellationToken.None)) : Task.CompletedTask;
            return _lastAck;
        }

        public Task FlushAsync(CancellationToken cancellationToken) => _lastAck.WaitAsync(cancellationToken);

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    private sealed class FakeConsumer(ChannelReader<(string Key, byte[] Payload)>[] readers) : ILoadConsumer
    {
        public async ValueTask<ConsumedEvent?> ReceiveAsync(CancellationToken cancellationToken)
        {
            var deadline = DateTime.UtcNow.AddMilliseconds(100);
            while (DateTime.UtcNow < deadline)
            {
                foreach (var reader in readers)
                {
                    if (reader.TryRead(out var item))
                    {
                        return new ConsumedEvent(item.Key, item.Payload);
                    }
                }
                await Task.Delay(1, cancellationToken);
            }
            return null;
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
