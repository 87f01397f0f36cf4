using Pravega.Perf.Client;
using Pravega.Perf.Client.Streams;
using Pravega.Perf.Client.Writers;

namespace Pravega.Perf.LoadHarness.Drivers.Pravega;

/// <summary>
/// One <see cref="EventStreamWriter{T}"/> of byte arrays. The writer returns one task per batch it builds, which is the
/// inner task the harness waits on. With a watermark period, a timer notes the writer's time for the controller's
/// watermarks, as an application using event time would.
/// </summary>
internal sealed class PravegaProducer : ILoadProducer
{
    private readonly EventStreamWriter<ReadOnlyMemory<byte>> _writer;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _noting;

    private PravegaProducer(EventStreamWriter<ReadOnlyMemory<byte>> writer, TimeSpan watermarkPeriod)
    {
        _writer = writer;
        _noting = watermarkPeriod > TimeSpan.Zero ? NoteTimeAsync(watermarkPeriod, _stop.Token) : Task.CompletedTask;
    }

    public static async Task<PravegaProducer> CreateAsync(ClientConfig config, ScopedStream stream, TimeSpan watermarkPeriod, CancellationToken cancellationToken)
    {
        var writer = await EventStreamWriter<ReadOnlyMemory<byte>>.CreateAsync(config, stream, new PayloadSerializer(), cancellationToken).ConfigureAwait(false);
        return new PravegaProducer(writer, watermarkPeriod);
    }

    /// <remarks>
    /// The payload goes through a buffer serializer, so the writer copies it into its open batch (or, under
    /// back-pressure, into the queued write) and the harness may reuse its buffer at once: no array per event. The
    /// token is not passed on: the harness stops handing events over when the run ends, and every event handed over must
    /// be written and acknowledged, or the verdict would count a write cancelled in the writer's queue as lost.
    /// </remarks>
    public ValueTask<Task> SendAsync(string key, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken) =>
        new(_writer.WriteEventAsync(key, payload, CancellationToken.None));

    public Task FlushAsync(CancellationToken cancellationToken) => _writer.FlushAsync().WaitAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _noting.ConfigureAwait(false);
        await _writer.DisposeAsync().ConfigureAwait(false);
        _stop.Dispose();
    }

    private async Task NoteTimeAsync(TimeSpan period, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(period);
        try
        {
            while (await timer.WaitForNextTickAsync(stop).ConfigureAwait(false))
            {
                await _writer.NoteTimeAsync(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), stop).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // The producer is closing.
        }
    }
}
