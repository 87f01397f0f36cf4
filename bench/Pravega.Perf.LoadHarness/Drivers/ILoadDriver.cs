namespace Pravega.Perf.LoadHarness.Drivers;

/// <summary>
/// A system under load: Pravega.Perf through its client library, NATS JetStream, or Redis Streams. The harness drives
/// every driver with the same workload, so figures side by side compare the systems, not the harness.
/// </summary>
public interface ILoadDriver : IAsyncDisposable
{
    /// <summary>The <c>--driver</c> value: <c>pravega</c>, <c>nats</c> or <c>redis</c>.</summary>
    string Name { get; }

    /// <summary>What an acknowledgement means on this system, printed beside every figure (e.g. "fsync per group commit").</summary>
    string Durability { get; }

    /// <summary>Creates the topic (stream) with <paramref name="partitions"/> partitions (segments, subjects or keys).</summary>
    Task CreateTopicAsync(string topic, int partitions, CancellationToken cancellationToken);

    /// <summary>A producer on the topic; producers are used by one harness task each.</summary>
    Task<ILoadProducer> CreateProducerAsync(string topic, int index, CancellationToken cancellationToken);

    /// <summary>Consumer <paramref name="index"/> of <paramref name="consumerCount"/> sharing the topic (each event read by one of them), from the topic's beginning.</summary>
    Task<ILoadConsumer> CreateConsumerAsync(string topic, int index, int consumerCount, CancellationToken cancellationToken);

    /// <summary>Deletes the topic and what it holds.</summary>
    Task DeleteTopicAsync(string topic, CancellationToken cancellationToken);
}

/// <summary>Sends events; the events of one producer are acknowledged in the order they were sent.</summary>
public interface ILoadProducer : IAsyncDisposable
{
    /// <summary>
    /// Sends one event routed by <paramref name="key"/>. The returned value completes when the producer accepted the event
    /// (back-pressure); the inner task completes when the system acknowledged it durably (as <see cref="ILoadDriver.Durability"/>
    /// says) and faults if it was not. Implementations may return one inner task shared by many events (a batch).
    /// The payload may be reused by the caller once the outer value completed.
    /// </summary>
    ValueTask<Task> SendAsync(string key, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken);

    /// <summary>Completes when everything sent so far is acknowledged.</summary>
    Task FlushAsync(CancellationToken cancellationToken);
}

/// <summary>Reads events.</summary>
public interface ILoadConsumer : IAsyncDisposable
{
    /// <summary>
    /// The next event, or <c>null</c> when none arrived within a short poll (about 100 ms). The event's memory is valid
    /// until the next call.
    /// </summary>
    ValueTask<ConsumedEvent?> ReceiveAsync(CancellationToken cancellationToken);
}

/// <summary>One event read: its routing key and payload.</summary>
public readonly record struct ConsumedEvent(string Key, ReadOnlyMemory<byte> Payload);
