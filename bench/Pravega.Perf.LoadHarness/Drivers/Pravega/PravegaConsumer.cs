using Pravega.Perf.Client;
using Pravega.Perf.Client.Readers;

namespace Pravega.Perf.LoadHarness.Drivers.Pravega;

/// <summary>
/// One reader of the topic's reader group. Pravega does not hand the routing key back to readers, so events carry an
/// empty key; the harness takes the key from the payload's header. Payloads come from one reused buffer
/// (<see cref="PayloadSerializer"/>), valid until the next receive as the contract says.
/// </summary>
internal sealed class PravegaConsumer : ILoadConsumer
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);

    private readonly EventStreamClientFactory _factory;
    private readonly EventStreamReader<ReadOnlyMemory<byte>> _reader;

    private PravegaConsumer(EventStreamClientFactory factory, EventStreamReader<ReadOnlyMemory<byte>> reader)
    {
        _factory = factory;
        _reader = reader;
    }

    public static async Task<PravegaConsumer> CreateAsync(ClientConfig config, string scope, string group, string readerId, CancellationToken cancellationToken)
    {
        var factory = EventStreamClientFactory.WithScope(scope, config);
        try
        {
            var reader = await factory.CreateReaderAsync(readerId, group, new PayloadSerializer(), cancellationToken).ConfigureAwait(false);
            return new PravegaConsumer(factory, reader);
        }
        catch
        {
            await factory.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async ValueTask<ConsumedEvent?> ReceiveAsync(CancellationToken cancellationToken)
    {
        var read = await _reader.ReadNextEventAsync(Poll, cancellationToken).ConfigureAwait(false);
        return read.HasEvent ? new ConsumedEvent("", read.Event) : null;
    }

    public async ValueTask DisposeAsync()
    {
        await _reader.DisposeAsync().ConfigureAwait(false);
        await _factory.DisposeAsync().ConfigureAwait(false);
    }
}
