using Pravega.Perf.Interop.IoUring;
using Pravega.Perf.SegmentStore;
using Pravega.Perf.SegmentStore.Server;
using Pravega.Perf.SegmentStore.Wal;

namespace Pravega.Perf.IntegrationTests.Helpers;

/// <summary>
/// Which WAL device and transport the integration tests' stores run on, from <c>PRAVEGA_TEST_BACKENDS</c>: unset =
/// the product defaults (Auto: O_DIRECT WAL where possible, sockets), <c>managed</c> = the managed WAL device and
/// sockets (the fallback of machines without O_DIRECT), <c>io_uring</c> = the io_uring WAL device with
/// <see cref="PipelineDepth"/> frames in flight per container and the io_uring transport, <c>io_uring-wal</c> = the
/// io_uring WAL device, one frame at a time, with sockets. <c>test.sh</c> runs this project once per back-end it
/// gates on, so every end-to-end test, crash tests included, runs on each. On a machine without io_uring, the io_uring
/// values fall back to the defaults.
/// </summary>
internal static class TestBackends
{
    private static readonly string? s_requested = Environment.GetEnvironmentVariable("PRAVEGA_TEST_BACKENDS");

    private static bool IoUring => s_requested == "io_uring" && Ring.IsSupported;

    private static bool IoUringWal => (s_requested == "io_uring-wal" || s_requested == "io_uring") && Ring.IsSupported;

    private static bool Managed => s_requested == "managed";

    /// <summary>Frames in flight per container in the <c>io_uring</c> run (the crash tests then kill a store with
    /// several frames in flight).</summary>
    private const int PipelineDepth = 4;

    public static void Apply(SegmentStoreOptions options)
    {
        if (IoUringWal)
        {
            options.WalBackend = WalBackend.IoUring;
            options.WalWritesInFlight = IoUring ? PipelineDepth : 1;
        }
        else if (Managed)
        {
            options.WalBackend = WalBackend.Managed;
        }
    }

    public static void Apply(SegmentStoreServerOptions options)
    {
        if (IoUring)
        {
            options.Transport = ServerTransport.IoUring;
        }
        else if (Managed)
        {
            options.Transport = ServerTransport.Sockets;
        }
    }

    /// <summary>The same choice as command-line settings of a child <c>pravega segmentstore</c>.</summary>
    public static IEnumerable<string> Arguments() =>
        IoUring ? ["--SegmentStore:WalBackend=IoUring", $"--SegmentStore:WalWritesInFlight={PipelineDepth}", "--Server:Transport=IoUring"]
        : IoUringWal ? ["--SegmentStore:WalBackend=IoUring", "--SegmentStore:WalWritesInFlight=1"]
        : Managed ? ["--SegmentStore:WalBackend=Managed", "--Server:Transport=Sockets"]
        : [];
}
