namespace Pravega.Perf.Transport.IoUring;

/// <summary>Settings of the io_uring transport.</summary>
public sealed class IoUringTransportOptions
{
    /// <summary>Pipe thresholds, socket buffer sizes, Nagle and backlog: the same meaning as for the socket transport
    /// (<see cref="SocketTransportOptions.MinReceiveBufferSize"/> is unused: receives land in provided buffers).</summary>
    public SocketTransportOptions Socket { get; set; } = new();

    /// <summary>Provided receive buffers per listener ring (a power of two); the kernel fills them for every connection
    /// of the ring, and each is copied into its connection's input pipe and recycled at once.</summary>
    public int ReceiveBufferCount { get; set; } = 256;

    /// <summary>Bytes per provided receive buffer.</summary>
    public int ReceiveBufferSize { get; set; } = 16 * 1024;

    /// <summary>
    /// False (default): the application's read continuations run on the thread pool, as with sockets. True: they run
    /// inline on the ring's dispatcher thread as soon as bytes arrive (no hop: where io_uring's latency gain comes
    /// from), which is only safe if the application's connection code never blocks.
    /// </summary>
    public bool InlineApplication { get; set; }
}
