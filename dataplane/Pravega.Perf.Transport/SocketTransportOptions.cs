namespace Pravega.Perf.Transport;

/// <summary>Settings of the socket transport.</summary>
public sealed class SocketTransportOptions
{
    /// <summary>
    /// Unread input bytes at which the transport stops reading the socket (TCP then pushes back on the peer);
    /// reading resumes at <see cref="InputResumeThreshold"/>. Must exceed the largest frame the application needs
    /// whole (16 MiB + headers for the wire protocol), or that frame would never fit.
    /// </summary>
    public long InputPauseThreshold { get; set; } = 32L << 20;

    /// <summary>Unread input bytes at which socket reading resumes (Kestrel's choice: half the pause threshold).</summary>
    public long InputResumeThreshold { get; set; } = 16L << 20;

    /// <summary>Unsent output bytes at which the application's <c>FlushAsync</c> waits (a peer that stops reading
    /// slows its producer instead of growing memory).</summary>
    public long OutputPauseThreshold { get; set; } = 4L << 20;

    /// <summary>Unsent output bytes at which a waiting <c>FlushAsync</c> completes.</summary>
    public long OutputResumeThreshold { get; set; } = 2L << 20;

    /// <summary>
    /// Smallest buffer the output pipe takes from the shared pool. Big, because the shared array pool keeps only a few
    /// dozen arrays of a size per core: with the pipe's default 4 KiB segments a 512 KiB append block (or a 2 MiB read
    /// reply) needed more of them than the pool holds, and each one past that was a fresh array, as many bytes
    /// allocated as were sent. 64 KiB segments keep a block to a handful.
    /// </summary>
    public int OutputSegmentSize { get; set; } = 64 * 1024;

    /// <summary>Smallest buffer handed to a socket receive.</summary>
    public int MinReceiveBufferSize { get; set; } = 64 * 1024;

    /// <summary>Socket send and receive buffer sizes in bytes; 0 = the OS default.</summary>
    public int SocketBufferSize { get; set; }

    /// <summary>Disables Nagle's algorithm: acks are small and latency matters more than packet count.</summary>
    public bool NoDelay { get; set; } = true;

    /// <summary>
    /// True: the application's read continuation runs on the receive loop's thread as soon as bytes arrive, and the
    /// send loop runs on the thread that flushed the output (for the segment store: the container's commit thread,
    /// which sends the acks of a frame right after it is durable). False: both are dispatched to the thread pool,
    /// one hop each way, which lets receiving overlap request handling on machines with cores to spare.
    /// </summary>
    public bool DispatchInline { get; set; }

    /// <summary>Listen backlog.</summary>
    public int Backlog { get; set; } = 512;
}
