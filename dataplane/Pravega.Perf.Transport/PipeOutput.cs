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

    /// <summary>Ends a pending read of the send loop (an abort), unless the loop has already finished with the reader.</summary>
    public static void CancelPendingRead(PipeReader reader)
    {
        try
        {
            reader.CancelPendingRead();
        }
        catch (InvalidOperationException)
        {
            // The send loop already finished with the reader.
        }
    }

    /// <summary>The graceful start of a dispose: the application is done with both pipes; wait until the send loop
    /// has written what the application left in the output.</summary>
    public static async Task CompleteAndDrainAsync(PipeWriter output, PipeReader input, Task sendLoop)
    {
        await output.CompleteAsync().ConfigureAwait(false);
        await input.CompleteAsync().ConfigureAwait(false);
        await sendLoop.ConfigureAwait(false);
    }
}
