namespace Pravega.Perf.SegmentStore.Server;

/// <summary>Configuration of the wire-protocol listener (the <c>Server</c> configuration section).</summary>
public sealed class SegmentStoreServerOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Server";

    /// <summary>TCP port of the wire protocol (Pravega's <c>pravegaservice.service.listener.port</c>); 0 picks a free one.</summary>
    public int Port { get; set; } = 12345;

    /// <summary>Address to listen on; "0.0.0.0" = every IPv4 interface.</summary>
    public string ListenAddress { get; set; } = "0.0.0.0";

    /// <summary>
    /// Append bytes received on one connection but not yet durable, above which the connection stops reading its
    /// socket (Pravega's <c>pravegaservice.default.single.connections.max.outstanding.bytes</c>, 128 MiB). As in
    /// Pravega, the actual limit is max(min(1 MiB, this), 2 × this − the total over all connections), so a lone
    /// connection may use more while the store is otherwise idle.
    /// </summary>
    public long MaxOutstandingAppendBytesPerConnection { get; set; } = 128L << 20;

    /// <summary>Append bytes not yet durable over all connections above which every connection stops reading
    /// (Pravega's <c>pravegaservice.default.all.connections.max.outstanding.bytes</c>, 512 MiB).</summary>
    public long MaxOutstandingAppendBytesAllConnections { get; set; } = 512L << 20;

    /// <summary>Unsent reply bytes at which a connection stops producing replies for a client that does not read.</summary>
    public long MaxUnsentReplyBytes { get; set; } = 4L << 20;

    /// <summary>
    /// The listener's transport: Sockets, IoUring, or Auto (= Sockets: in our loopback measurements the io_uring
    /// transport behind the same Pipelines interface did not beat it; see bench/README.md). The server logs which one runs.
    /// </summary>
    public ServerTransport Transport { get; set; } = ServerTransport.Auto;

    /// <summary>Include the server's stack trace in error replies (Pravega's <c>request.replyWithStackTraceOnError.enable</c>).</summary>
    public bool ReplyWithStackTraceOnError { get; set; }

    /// <summary>Run each connection's request handling on its socket's receive thread and send replies on the thread
    /// that produced them (acks: the container's commit thread), instead of hopping through the thread pool
    /// (Transport's <c>DispatchInline</c>). On by default: measured on 2 cores with the load harness, it was never
    /// slower and cut throttled p99 (see bench/README.md).</summary>
    public bool DispatchInline { get; set; } = true;

    /// <summary>With the io_uring transport: bytes per provided receive buffer (the transport's
    /// <c>IoUringTransportOptions.ReceiveBufferSize</c>, 64 KiB).</summary>
    public int IoUringReceiveBufferSize { get; set; } = 64 * 1024;
}
