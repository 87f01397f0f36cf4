using System.Net.Sockets;

namespace Pravega.Perf.Transport;

/// <summary>The graceful end of a TCP connection, shared by the socket and io_uring transports.</summary>
internal static class LingeringClose
{
    private static readonly TimeSpan LingerTime = TimeSpan.FromSeconds(2);

    /// <summary>
    /// FIN first, then wait until the receive side has seen the peer close too (or the linger time passes). Closing
    /// with unread input would make the kernel send RST, and a peer that gets RST may discard replies it has not read
    /// yet: the last acks of a graceful shutdown would be lost.
    /// </summary>
    public static async Task ShutdownSendAndWaitAsync(Socket socket, Task receiveEnded)
    {
        try
        {
            socket.Shutdown(SocketShutdown.Send);
            await receiveEnded.WaitAsync(LingerTime).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // The peer keeps the connection open: close it anyway.
        }
        catch (SocketException)
        {
            // Already reset by the peer: nothing left to shut down.
        }
        catch (ObjectDisposedException)
        {
            // Aborted before: the socket is closed already.
        }
    }
}
