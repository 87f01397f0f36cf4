using NATS.Client.Core;
using NATS.Client.JetStream;
using Pravega.Perf.LoadHarness.Drivers.Peers;

namespace Pravega.Perf.LoadHarness.Drivers.Nats;

/// <summary>
/// Publishes to <c>stream.&lt;partition&gt;</c> on its own connection with a bounded window of outstanding acks.
/// JetStream answers one connection's publishes in order, so the acks arrive in send order.
/// </summary>
internal sealed class NatsProducer : ILoadProducer
{
    private readonly NatsConnection _connection;
    private readonly NatsJSContext _js;
    private readonly string[] _subjects;
    private readonly OutstandingWindow _window;
    private Exception? _failure;

    public NatsProducer(NatsConnection connection, string stream, int partitions, int maxOutstanding)
    {
        _connection = connection;
        _js = new NatsJSContext(connection);
        _subjects = Enumerable.Range(0, partitions).Select(p => $"{stream}.{p}").ToArray();
        _window = new OutstandingWindow(maxOutstanding);
    }

    public async ValueTask<Task> SendAsync(string key, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        await _window.EnterAsync(cancellationToken).ConfigureAwait(false);
        // The body is a copy: the caller may reuse its payload as soon as this returns.
        var body = KeyedPayload.Encode(key, payload.Span);
        var subject = _subjects[KeyPartitioner.Partition(key, _subjects.Length)];
        return PublishAsync(subject, body);
    }

    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        await _window.DrainAsync(cancellationToken).ConfigureAwait(false);
        if (_failure is { } failure)
        {
            throw new InvalidOperationException("a JetStream publish failed", failure);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _connection.DisposeAsync().ConfigureAwait(false);
        _window.Dispose();
    }

    private async Task PublishAsync(string subject, byte[] body)
    {
        try
        {
            var ack = await _js.PublishAsync(subject, body, cancellationToken: CancellationToken.None).ConfigureAwait(false);
            ack.EnsureSuccess();
        }
        catch (Exception e)
        {
            _failure ??= e;
            throw;
        }
        finally
        {
            _window.Exit();
        }
    }
}
