using BenchmarkDotNet.Attributes;
using Pravega.Perf.SegmentStore.Wal;

namespace Pravega.Perf.Benchmarks.Wal;

/// <summary>
/// One durable WAL append (frame write + fdatasync) on the managed <see cref="FileWalDevice"/>, the synchronous
/// O_DIRECT <see cref="DirectWalDevice"/> and the io_uring <see cref="UringWalDevice"/> (O_DIRECT, linked WRITE →
/// FSYNC), for 4 KiB, 64 KiB and 1 MiB frames. The log lives
/// under the temp directory, which must be a real disk (check <c>df /tmp</c>), in laid-out 64 MiB files that are
/// truncated and reused as the writer moves on, as a container's are. Short job; the disk is shared, so compare the
/// two back-ends within one run and repeat:
/// <c>dotnet run -c Release --project bench/Pravega.Perf.Benchmarks -- --filter '*WalDevice*'</c>
/// </summary>
// In-process: the out-of-process build of the generated project times out (120 s) on this busy 2-core machine.
[InProcess]
[WarmupCount(2)]
[IterationCount(6)]
[MemoryDiagnoser]
public class WalDeviceBenchmarks
{
    private const long FileSize = 64L << 20;
    private const int Spares = 3;
    private string _directory = "";
    private FileWalDevice? _device;
    private byte[] _frame = [];
    private long _sequence;
    private long _fileIndex;

    [Params(4 * 1024, 64 * 1024, 1024 * 1024)]
    public int FrameSize { get; set; }

    [Params(WalBackend.Managed, WalBackend.Direct, WalBackend.IoUring)]
    public WalBackend Backend { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _directory = Path.Combine(Path.GetTempPath(), "pravega-wal-bench-" + Guid.NewGuid().ToString("N"));
        _device = Backend switch
        {
            WalBackend.IoUring => new UringWalDevice(_directory, FileSize, 16, Spares),
            WalBackend.Direct => new DirectWalDevice(_directory, FileSize, 16, Spares),
            _ => new FileWalDevice(_directory, FileSize, 16, Spares),
        };
        _device.Open();
        _ = _device.ReadAll().Count();
        // Both devices start on laid-out files (the slow, extended-file flushes would otherwise dominate).
        if (!SpinWait.SpinUntil(() => _device.ReadySpareCount >= Spares, TimeSpan.FromSeconds(120)))
        {
            throw new InvalidOperationException("spare WAL files were not laid out within 120 s");
        }
        _frame = new byte[FrameSize];
        Random.Shared.NextBytes(_frame.AsSpan(WalFrameFormat.HeaderLength));
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _device?.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Benchmark]
    public long AppendAndSync()
    {
        var sequence = ++_sequence;
        var address = _device!.Write(_frame, sequence, sequence);
        if (address / FileSize != _fileIndex)
        {
            // Entered a new file: the previous one goes back to the spares, as a container's truncation would do it.
            _fileIndex = address / FileSize;
            _device.TruncateBefore(_fileIndex * FileSize);
        }
        return address;
    }
}
