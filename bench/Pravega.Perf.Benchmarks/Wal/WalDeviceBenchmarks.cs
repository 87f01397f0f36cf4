using BenchmarkDotNet.Attributes;
using Pravega.Perf.SegmentStore.Wal;

namespace Pravega.Perf.Benchmarks.Wal;

/// <summary>
/// One durable WAL append (frame write + fdatasync) on the managed <see cref="FileWalDevice"/>, the synchronous
/// O_DIRECT <see cref="DirectWalDevice"/> and the io_uring <see cref="UringWalDevice"/> (O_DIRECT, linked WRITE →
/// FSYNC), for 4 KiB, 64 KiB and 1 MiB frames, on a <see cref="BenchmarkLog"/> (laid-out 64 MiB files under the
/// temp directory, truncated and reused as the writer moves on, as a container's are). Short job; the disk is
/// shared, so compare the back-ends within one run and repeat:
/// <c>dotnet run -c Release --project bench/Pravega.Perf.Benchmarks -- --filter '*WalDevice*'</c>
/// </summary>
// In-process: the out-of-process build of the generated project times out (120 s) on this busy 2-core machine.
[InProcess]
[WarmupCount(2)]
[IterationCount(6)]
[MemoryDiagnoser]
public class WalDeviceBenchmarks
{
    private BenchmarkLog? _log;
    private long _sequence;

    [Params(4 * 1024, 64 * 1024, 1024 * 1024)]
    public int FrameSize { get; set; }

    [Params(WalBackend.Managed, WalBackend.Direct, WalBackend.IoUring)]
    public WalBackend Backend { get; set; }

    [GlobalSetup]
    public void Setup() => _log = new BenchmarkLog("pravega-wal-bench", (directory, fileSize, files, spares) => Backend switch
    {
        WalBackend.IoUring => new UringWalDevice(directory, fileSize, files, spares),
        WalBackend.Direct => new DirectWalDevice(directory, fileSize, files, spares),
        _ => new FileWalDevice(directory, fileSize, files, spares),
    }, FrameSize);

    [GlobalCleanup]
    public void Cleanup() => _log?.Dispose();

    [Benchmark]
    public long AppendAndSync()
    {
        var sequence = ++_sequence;
        var address = _log!.Device.Write(_log.Frame, sequence, sequence);
        _log.Wrote(address);
        return address;
    }
}
