using BenchmarkDotNet.Attributes;
using Pravega.Perf.SegmentStore.Storage.FileSystem;

namespace Pravega.Perf.Benchmarks.Storage;

/// <summary>
/// Sequential write (each write synced and committed, as the storage writer's 4 MiB flushes are) and sequential
/// 1 MiB reads of the file-system chunk storage, 32 MiB per invocation: MB/s = 32 / time in seconds.
/// Reads hit the page cache (the files were just written): this is the storage layer's cost, not the disk's.
/// </summary>
[MemoryDiagnoser]
public class ChunkStorageThroughputBenchmarks
{
    private const int Total = 32 * 1024 * 1024;
    private const int ReadSize = 1024 * 1024;
    private string _root = "";
    private FileSystemChunkStorage _storage = null!;
    private byte[] _data = [];
    private byte[] _readBuffer = [];
    private int _segment;

    [Params(1024 * 1024, 4 * 1024 * 1024)]
    public int WriteSize { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _root = Path.Combine(Path.GetTempPath(), "pravega-bench-tier2-" + Guid.NewGuid().ToString("N"));
        _storage = new FileSystemChunkStorage(new FileSystemStorageOptions { Root = _root }, epoch: 1);
        _data = new byte[Total];
        new Random(1).NextBytes(_data);
        _readBuffer = new byte[ReadSize];
        _storage.CreateAsync("read").AsTask().GetAwaiter().GetResult();
        _storage.WriteAsync("read", 0, _data).AsTask().GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _storage.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Directory.Delete(_root, recursive: true);
    }

    [Benchmark]
    public async Task Write32MiB()
    {
        var name = "write-" + _segment++;
        await _storage.CreateAsync(name).ConfigureAwait(false);
        for (var offset = 0; offset < Total; offset += WriteSize)
        {
            await _storage.WriteAsync(name, offset, _data.AsMemory(offset, WriteSize)).ConfigureAwait(false);
        }
        await _storage.DeleteAsync(name).ConfigureAwait(false);
    }

    [Benchmark]
    public async Task<int> Read32MiB()
    {
        var total = 0;
        for (var offset = 0; offset < Total; offset += ReadSize)
        {
            total += await _storage.ReadAsync("read", offset, _readBuffer).ConfigureAwait(false);
        }
        return total;
    }
}
