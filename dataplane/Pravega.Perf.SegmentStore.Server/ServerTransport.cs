namespace Pravega.Perf.SegmentStore.Server;

/// <summary>Which transport the wire-protocol listener uses (<see cref="SegmentStoreServerOptions.Transport"/>).</summary>
public enum ServerTransport
{
    /// <summary>Sockets (see <see cref="SegmentStoreServerOptions.Transport"/> for why io_uring is not the automatic
    /// choice).</summary>
    Auto,

    /// <summary>System.Net.Sockets (epoll on Linux, IOCP on Windows).</summary>
    Sockets,

    /// <summary>io_uring (Linux): accept, multishot receive into provided buffers, send, all on one ring thread; the
    /// server fails to start if io_uring is unavailable.</summary>
    IoUring,
}
