using System.IO.Pipelines;

namespace Pravega.Perf.Transport;

/// <summary>The send side every byte-stream connection shares: drain the application's output pipe into a send.</summary>
internal static class PipeOutput
{
    /// <summary>
    /// Sends what the application writes to <paramref name="reader"/>, segment by segment in order (one send in flight),
    /// until the application completes the pipe or the pending read is cancelled (an abort). A send failure propagates;
    /// the caller completes the reader.
    /// </summary>
    /// <param name="reader">The application's output pipe.</param>
    /// <param name="send">Sends one segment completely.</param>
    public static async Task SendAllAsync(PipeReader reader, Func<ReadOnlyMemory<byte>, ValueTask> send)
    {
        while (true)
        {
            var result = await reader.ReadAsync().ConfigureAwait(false);
            if (result.IsCanceled)
            {
                return;
            }
            var buffer = result.Buffer;
            foreach (var segment in buffer)
            {
                await send(segment).ConfigureAwait(false);
            }
            reader.AdvanceTo(buffer.End);
            if (result.IsCompleted)
            {
                return;
            }
        }
    }

    /// <summary>Signals a connection's ConnectionClosed token, once; later calls (or after dispose) do nothing.</summary>
    public static void SignalClosed(CancellationTokenSource closed)
    {
        try
        {
            closed.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Already disposed: the signal was given before.
        }
    }
}
