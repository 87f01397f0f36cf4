using BenchmarkDotNet.Attributes;
using Pravega.Perf.SegmentStore.Wal;

namespace Pravega.Perf.Benchmarks.Wal;

/// <summary>
/// Durable WAL appends back to back with several frames in flight (<see cref="IWalPipeline"/>): the io_uring device at
/// depth 1, 2 and 4 against the synchronous O_DIRECT device (the default back-end, one frame at a time), 4 KiB,
/// 64 KiB and 1 MiB frames. Each invocation writes 64 frames, beginning a new one as soon as the pipeline has room and
/// collecting in order, so the mean is the time per durable append at that depth (the inverse of the throughput).
/// Same files and job as <see cref="WalDeviceBenchmarks"/>:
/// <c>dotnet bench/Pravega.Perf.Benchmarks/bin/Release/net10.0/Pravega.Perf.Benchmarks.dll --filter '*WalPipeline*'</c>
/// </summary>
[InProcess]
[WarmupCount(2)]
[IterationCount(6)]
[MemoryDiagnoser]
public class WalPipelineBenchmarks
{
    private const int FramesPerInvocation = 64;
    private const long FileSize = 64L << 20;
    private const int Spares = 3;
    private string _directory = "";
    private FileWalDevice? _device;
    private IWalPipeline? _pipeline;
    private byte[] _frame = [];
    private long _sequence;
    private long _fileIndex;

    [Params(4 * 1024, 64 * 1024, 1024 * 1024)]
    public int FrameSize { get; set; }

    /// <summary>"Direct" (synchronous O_DIRECT, depth 1) or "IoUring-&lt;depth&gt;".</summary>
    [Params("Direct", "IoUring-1", "IoUring-2", "IoUring-4")]
    public string Device { get; set; } = "Direct";

    [GlobalSetup]
    public void Setup()
    {
        _directory = Path.Combine(Path.GetTempPath(), "pravega-wal-pipeline-bench-" + Guid.NewGuid().ToString("N"));
        _device = Device == "Direct"
            ? new DirectWalDevice(_directory, FileSize, 16, Spares)
            : new UringWalDevice(_directory, FileSize, 16, Spares, ring: null, maxWritesInFlight: int.Parse(Device["IoUring-".Length..]));
        _pipeline = SynchronousWalPipeline.For(_device);
        _device.Open();
        _ = _device.ReadAll().Count();
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

    [Benchmark(OperationsPerInvoke = FramesPerInvocation)]
    public long AppendsInFlight()
    {
        var pipeline = _pipeline!;
        long address = 0;
        for (var i = 0; i < FramesPerInvocation; i++)
        {
            if (pipeline.WritesInFlight == pipeline.MaxWritesInFlight)
            {
                pipeline.EndOldestWrite();
            }
            var sequence = ++_sequence;
            address = pipeline.BeginWrite(_frame, sequence, sequence);
        }
        while (pipeline.WritesInFlight > 0)
        {
            pipeline.EndOldestWrite();
        }
        if (address / FileSize != _fileIndex)
        {
            // Entered a new file: the earlier ones go back to the spares, as a container's truncation would do it.
            _fileIndex = address / FileSize;
            _device!.TruncateBefore(_fileIndex * FileSize);
        }
        return address;
    }
}
