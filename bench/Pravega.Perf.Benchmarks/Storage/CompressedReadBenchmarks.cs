using BenchmarkDotNet.Attributes;
using Pravega.Perf.SegmentStore.Storage.FileSystem;

namespace Pravega.Perf.Benchmarks.Storage;

/// <summary>
/// Cost of one random 4 KiB read from a sealed segment of event text, raw chunks against Zstd chunks with
/// <see cref="FrameSize"/>-byte frames (a read decompresses one frame, two when it straddles a boundary).
/// </summary>
[MemoryDiagnoser]
public class CompressedReadBenchmarks
{
    private const int Length = 16 * 1024 * 1024;
    private const int Reads = 64;
    private const int AlignedSize = 1024 * 1024;
    private readonly byte[] _buffer = new byte[4096];
    private readonly byte[] _aligned = new byte[AlignedSize];
    private string _rawRoot = "";
    private string _packedRoot = "";
    private FileSystemChunkStorage _raw = null!;
    private FileSystemChunkStorage _packed = null!;
    private long[] _offsets = [];

    [Params(64 * 1024, 1024 * 1024)]
    public int FrameSize { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var data = EventText.Generate(Length);
        _rawRoot = Path.Combine(Path.GetTempPath(), "pravega-bench-raw-" + Guid.NewGuid().ToString("N"));
        _packedRoot = Path.Combine(Path.GetTempPath(), "pravega-bench-zstd-" + Guid.NewGuid().ToString("N"));
        _raw = Open(_rawRoot, compress: false);
        _packed = Open(_packedRoot, compress: true);
        foreach (var storage in new[] { _raw, _packed })
        {
            storage.CreateAsync("s").AsTask().GetAwaiter().GetResult();
            storage.WriteAsync("s", 0, data).AsTask().GetAwaiter().GetResult();
            storage.SealAsync("s").AsTask().GetAwaiter().GetResult();
        }
        var stats = _packed.CompressionStatistics;
        Console.WriteLine($"// compression: {stats.ChunksCompressed} chunks, {stats.RawBytes} -> {stats.StoredBytes} bytes, ratio {stats.Ratio:F3}");
        var rng = new Random(3);
        _offsets = [.. Enumerable.Range(0, Reads).Select(_ => (long)rng.Next(Length - _buffer.Length))];
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _raw.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _packed.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Directory.Delete(_rawRoot, recursive: true);
        Directory.Delete(_packedRoot, recursive: true);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Reads)]
    public async Task<int> RandomRead4KiBRaw()
    {
        var total = 0;
        foreach (var offset in _offsets)
        {
            total += await _raw.ReadAsync("s", offset, _buffer).ConfigureAwait(false);
        }
        return total;
    }

    [Benchmark(OperationsPerInvoke = Reads)]
    public async Task<int> RandomRead4KiBCompressed()
    {
        var total = 0;
        foreach (var offset in _offsets)
        {
            total += await _packed.ReadAsync("s", offset, _buffer).ConfigureAwait(false);
        }
        return total;
    }

    /// <summary>What the read index does on a cache miss: one 1 MiB read aligned to 1 MiB (one whole frame at 1 MiB frames).</summary>
    [Benchmark(OperationsPerInvoke = 8)]
    public async Task<int> AlignedRead1MiBRaw() => await ReadAligned(_raw).ConfigureAwait(false);

    [Benchmark(OperationsPerInvoke = 8)]
    public async Task<int> AlignedRead1MiBCompressed() => await ReadAligned(_packed).ConfigureAwait(false);

    private async Task<int> ReadAligned(FileSystemChunkStorage storage)
    {
        var total = 0;
        for (var i = 0; i < 8; i++)
        {
            total += await storage.ReadAsync("s", (_offsets[i] / AlignedSize) * AlignedSize, _aligned).ConfigureAwait(false);
        }
        return total;
    }

    private FileSystemChunkStorage Open(string root, bool compress) =>
        new(new FileSystemStorageOptions { Root = root, MaxChunkLength = 4 * 1024 * 1024, CompressClosedChunks = compress, CompressionFrameSize = FrameSize }, epoch: 1);
}
