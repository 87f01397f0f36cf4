namespace Pravega.Perf.Transport.IoUring;

/// <summary>Settings of the io_uring transport.</summary>
public sealed class IoUringTransportOptions
{
    /// <summary>Pipe thresholds, socket buffer sizes, Nagle, backlog and <see cref="SocketTransportOptions.DispatchInline"/>:
    /// the same meaning as for the socket transport (<see cref="SocketTransportOptions.MinReceiveBufferSize"/> is unused:
    /// receives land in provided buffers). With DispatchInline the application's read continuation runs on the ring's
    /// dispatcher thread, where every connection of the ring is served: the connection code must never block.</summary>
    public SocketTransportOptions Socket { get; set; } = new();

    /// <summary>Provided receive buffers per listener ring (a power of two); the kernel fills them for every connection
    /// of the ring, and each is copied into its connection's input pipe and recycled at once.</summary>
    public int ReceiveBufferCount { get; set; } = 256;

    /// <summary>Bytes per provided receive buffer. 64 KiB, as the socket transport's smallest receive: with 16 KiB each
    /// receive of a busy connection took a quarter as much, so the kernel sent about three times the window-update ACKs
    /// (profiled: 3× the __tcp_transmit_skb and softirq time of sockets) and the application woke four times as often;
    /// 64 KiB measured about 1.2× the events/s of 16 KiB (bench/README.md, "io_uring transport, profiled").</summary>
    public int ReceiveBufferSize { get; set; } = 64 * 1024;
}
