using Pravega.Perf.Interop.IoUring;
using Pravega.Perf.Transport;
using Pravega.Perf.Transport.IoUring;

namespace Pravega.Perf.SegmentStore.Server;

/// <summary>Builds the listener factory <see cref="SegmentStoreServerOptions.Transport"/> asks for.</summary>
internal static class ServerTransportFactory
{
    /// <summary>The factory and the line the server logs about it ("transport: sockets" / "transport: io_uring …").</summary>
    /// <exception cref="NotSupportedException">IoUring was asked for and io_uring is unavailable.</exception>
    public static (IConnectionListenerFactory Factory, string Description) Create(SegmentStoreServerOptions options)
    {
        var socketOptions = new SocketTransportOptions
        {
            // Room for an APPEND_BLOCK and its APPEND_BLOCK_END of up to 16 MiB each, which must be buffered whole.
            InputPauseThreshold = 64L << 20,
            InputResumeThreshold = 32L << 20,
            OutputPauseThreshold = options.MaxUnsentReplyBytes,
            OutputResumeThreshold = options.MaxUnsentReplyBytes / 2,
            DispatchInline = options.DispatchInline,
        };
        if (options.Transport != ServerTransport.IoUring)
        {
            return (new SocketConnectionListenerFactory(socketOptions), "transport: sockets");
        }
        if (!Ring.IsSupported)
        {
            throw new NotSupportedException($"Transport IoUring is configured but unavailable: {Ring.UnsupportedReason}");
        }
        var factory = new IoUringConnectionListenerFactory(new IoUringTransportOptions
        {
            Socket = socketOptions,
            ReceiveBufferSize = options.IoUringReceiveBufferSize,
        });
        return (factory, options.DispatchInline ? "transport: io_uring (connections inline on the ring thread)" : "transport: io_uring");
    }
}
