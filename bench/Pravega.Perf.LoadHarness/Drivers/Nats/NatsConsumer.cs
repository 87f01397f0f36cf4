using System.Threading.Channels;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using Pravega.Perf.LoadHarness.Drivers.Peers;

namespace Pravega.Perf.LoadHarness.Drivers.Nats;

/// <summary>
/// Reads the partitions one harness consumer owns: an ephemeral pull consumer without acks per partition subject
/// (JetStream 2.9 filters on one subject per consumer), each pumped into one channel that <see cref="ReceiveAsync"/> takes from. Bodies are
/// pooled buffers, returned when the next event is asked for (the contract's "valid until the next call").
/// </summary>
internal sealed class NatsConsumer : ILoadConsumer
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);
    private readonly NatsConnection _connection;
    private readonly Channel<NatsMemoryOwner<byte>> _received;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _pumps = [];
    private NatsMemoryOwner<byte> _current;
    private bool _holding;

    private NatsConsumer(NatsConnection connection, int buffer)
    {
        _connection = connection;
        _received = Channel.CreateBounded<NatsMemoryOwner<byte>>(new BoundedChannelOptions(buffer) { SingleReader = true });
    }

    public static async Task<NatsConsumer> StartAsync(NatsConnection connection, string stream, int[] partitions, int bufferPerPartition,
        CancellationToken cancellationToken)
    {
        var consumer = new NatsConsumer(connection, Math.Max(1, bufferPerPartition * Math.Max(1, partitions.Length)));
        var js = new NatsJSContext(connection);
        foreach (var partition in partitions)
        {
            // FilterSubject (singular): nats-server 2.9 ignores the filter_subjects list that ordered consumers send,
            // and would hand every partition to every reader.
            // A unique name: without one the client names the consumer after the stream, and every create after the
            // first would update that same consumer's filter instead of adding a reader.
            var config = new ConsumerConfig
            {
                Name = $"bench-{partition}-{Guid.NewGuid():N}",
                FilterSubject = $"{stream}.{partition}",
                AckPolicy = ConsumerConfigAckPolicy.None,
                DeliverPolicy = ConsumerConfigDeliverPolicy.All,
                InactiveThreshold = TimeSpan.FromMinutes(1),
            };
            var pull = await js.CreateOrUpdateConsumerAsync(stream, config, cancellationToken).ConfigureAwait(false);
            consumer._pumps.Add(consumer.PumpAsync(pull));
        }
        return consumer;
    }

    public async ValueTask<ConsumedEvent?> ReceiveAsync(CancellationToken cancellationToken)
    {
        Release();
        if (!_received.Reader.TryRead(out var body))
        {
            using var poll = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            poll.CancelAfter(Poll);
            try
            {
                if (!await _received.Reader.WaitToReadAsync(poll.Token).ConfigureAwait(false) || !_received.Reader.TryRead(out body))
                {
                    await _received.Reader.Completion.ConfigureAwait(false);
                    return null;
                }
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return null;
            }
        }
        _current = body;
        _holding = true;
        return KeyedPayload.Decode(body.Memory);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await Task.WhenAll(_pumps).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The pumps end by cancellation.
        }
        Release();
        while (_received.Reader.TryRead(out var left))
        {
            left.Dispose();
        }
        await _connection.DisposeAsync().ConfigureAwait(false);
        _stop.Dispose();
    }

    private void Release()
    {
        if (_holding)
        {
            _current.Dispose();
            _holding = false;
        }
    }

    private async Task PumpAsync(INatsJSConsumer pull)
    {
        try
        {
            await foreach (var message in pull.ConsumeAsync<NatsMemoryOwner<byte>>(cancellationToken: _stop.Token).ConfigureAwait(false))
            {
                await _received.Writer.WriteAsync(message.Data, _stop.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // Disposed.
        }
        catch (Exception e)
        {
            // A broken pump fails the reader rather than looking like an idle stream.
            _received.Writer.TryComplete(e);
        }
    }
}
