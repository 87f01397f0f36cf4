using BenchmarkDotNet.Attributes;
using Pravega.Perf.SegmentStore.Storage.FileSystem;

namespace Pravega.Perf.Benchmarks.Storage;

/// <summary>
/// Tier-2 chunk writes, page cache (<see cref="ChunkWriteMode.Buffered"/>) against O_DIRECT
/// (<see cref="ChunkWriteMode.Direct"/>): 64 MiB per invocation into a new segment in flushes of
/// <see cref="FlushSize"/>, each synced and committed as the storage writer's are. A 1 KiB first write puts every later
/// flush off the 4 KiB grid, so Direct always rewrites a kept partial block (its worst case). MB/s = 64 / mean seconds.
/// The chunks live under the temp directory, which must be a real disk (<c>df /tmp</c>). BenchmarkDotNet shows no
/// kernel CPU; the console mode <c>tier2-write-cpu</c> (<see cref="ChunkWriteCpuProbe"/>) reports user and system CPU
/// per GiB for the same workload.
/// <c>dotnet run -c Release --project bench/Pravega.Perf.Benchmarks -- --filter '*ChunkWriteMode*'</c>
/// </summary>
// In-process: the out-of-process build of the generated project times out (120 s) on this busy 2-core machine.
[InProcess]
[WarmupCount(1)]
[IterationCount(5)]
[InvocationCount(1, 1)]
[MemoryDiagnoser]
public class ChunkWriteModeBenchmarks
{
    internal const int Total = 64 << 20;
    internal const int Head = 1024;

    private string _root = "";
    private FileSystemChunkStorage _storage = null!;
    private byte[] _data = [];
    private int _segment;

    [Params(256 * 1024, 1024 * 1024, 4 * 1024 * 1024)]
    public int FlushSize { get; set; }

    [Params(ChunkWriteMode.Buffered, ChunkWriteMode.Direct)]
    public ChunkWriteMode Mode { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _root = Path.Combine(Path.GetTempPath(), "pravega-bench-chunk-writes-" + Guid.NewGuid().ToString("N"));
        _storage = Open(_root, Mode);
        _data = NewData();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _storage.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Directory.Delete(_root, recursive: true);
    }

    [Benchmark]
    public Task Write64MiB() => WriteSegmentAsync(_storage, "write-" + _segment++, _data, FlushSize);

    internal static FileSystemChunkStorage Open(string root, ChunkWriteMode mode) =>
        new(new FileSystemStorageOptions { Root = root, WriteMode = mode }, epoch: 1);

    internal static byte[] NewData()
    {
        var data = new byte[Total];
        new Random(1).NextBytes(data);
        return data;
    }

    /// <summary>One segment: the 1 KiB head, then <see cref="Total"/> bytes in flushes of <paramref name="flushSize"/>;
    /// deleted afterwards so the disk does not fill.</summary>
    internal static async Task WriteSegmentAsync(FileSystemChunkStorage storage, string name, byte[] data, int flushSize)
    {
        await storage.CreateAsync(name).ConfigureAwait(false);
        await storage.WriteAsync(name, 0, data.AsMemory(0, Head)).ConfigureAwait(false);
        for (var offset = 0; offset < Total; offset += flushSize)
        {
            await storage.WriteAsync(name, Head + offset, data.AsMemory(offset, Math.Min(flushSize, Total - offset))).ConfigureAwait(false);
        }
        await storage.DeleteAsync(name).ConfigureAwait(false);
    }
}
