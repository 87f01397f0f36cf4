using System.IO.Pipelines;
using System.Net;

namespace Pravega.Perf.Transport;

/// <summary>
/// One byte-stream connection, seen as a pair of pipes: the application reads what the peer sent from
/// <see cref="IDuplexPipe.Input"/> and writes what it sends to <see cref="IDuplexPipe.Output"/>. The transport (TCP over sockets today,
/// io_uring or in-memory later) moves the bytes and applies back-pressure through the pipes' pause thresholds.
/// </summary>
/// <remarks>
/// The application completes <see cref="IDuplexPipe.Input"/> and <see cref="IDuplexPipe.Output"/> when it is done (or simply disposes the
/// connection). <see cref="IAsyncDisposable.DisposeAsync"/> sends what is still buffered in <see cref="IDuplexPipe.Output"/>, then closes.
/// </remarks>
public interface ITransportConnection : IDuplexPipe, IAsyncDisposable
{
    /// <summary>A short id for logs, unique within the process.</summary>
    string ConnectionId { get; }

    /// <summary>The peer's address, if known.</summary>
    EndPoint? RemoteEndPoint { get; }

    /// <summary>Signalled once the connection is closed by either side or aborted.</summary>
    CancellationToken ConnectionClosed { get; }

    /// <summary>Closes the connection at once, dropping unsent output (a protocol error, a shutdown deadline).</summary>
    void Abort();
}
