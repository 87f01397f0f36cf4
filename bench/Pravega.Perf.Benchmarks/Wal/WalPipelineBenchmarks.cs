using System.Globalization;
using BenchmarkDotNet.Attributes;
using Pravega.Perf.SegmentStore.Wal;

namespace Pravega.Perf.Benchmarks.Wal;

/// <summary>
/// Durable WAL appends back to back with several frames in flight (<see cref="IWalPipeline"/>): the io_uring device at
/// depth 1, 2 and 4 against the synchronous O_DIRECT device (the default back-end, one frame at a time), 4 KiB,
/// 64 KiB and 1 MiB frames. Each invocation writes 64 frames, beginning a new one as soon as the pipeline has room and
/// collecting in order, so the mean is the time per durable append at that depth (the inverse of the throughput).
/// Same log (<see cref="BenchmarkLog"/>) and job as <see cref="WalDeviceBenchmarks"/>:
/// <c>dotnet bench/Pravega.Perf.Benchmarks/bin/Release/net10.0/Pravega.Perf.Benchmarks.dll --filter '*WalPipeline*'</c>
/// </summary>
[InProcess]
[WarmupCount(2)]
[IterationCount(6)]
[MemoryDiagnoser]
public class WalPipelineBenchmarks
{
    private const int FramesPerInvocation = 64;
    private BenchmarkLog? _log;
    private IWalPipeline? _pipeline;
    private long _sequence;

    [Params(4 * 1024, 64 * 1024, 1024 * 1024)]
    public int FrameSize { get; set; }

    /// <summary>"Direct" (synchronous O_DIRECT, depth 1) or "IoUring-&lt;depth&gt;".</summary>
    [Params("Direct", "IoUring-1", "IoUring-2", "IoUring-4")]
    public string Device { get; set; } = "Direct";

    [GlobalSetup]
    public void Setup()
    {
        _log = new BenchmarkLog("pravega-wal-pipeline-bench", (directory, fileSize, files, spares) => Device == "Direct"
            ? new DirectWalDevice(directory, fileSize, files, spares)
            : new UringWalDevice(directory, fileSize, files, spares, ring: null,
                maxWritesInFlight: int.Parse(Device["IoUring-".Length..], CultureInfo.InvariantCulture)), FrameSize);
        _pipeline = SynchronousWalPipeline.For(_log.Device);
    }

    [GlobalCleanup]
    public void Cleanup() => _log?.Dispose();

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
            address = pipeline.BeginWrite(_log!.Frame, sequence, sequence);
        }
        while (pipeline.WritesInFlight > 0)
        {
            pipeline.EndOldestWrite();
        }
        _log!.Wrote(address);
        return address;
    }
}
