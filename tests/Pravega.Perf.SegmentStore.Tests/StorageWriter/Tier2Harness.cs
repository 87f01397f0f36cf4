using Pravega.Perf.Interop.Files;
using Pravega.Perf.SegmentStore.Storage;
using Pravega.Perf.SegmentStore.Storage.FileSystem;
using Pravega.Perf.SegmentStore.Storage.IO;
using Pravega.Perf.Testing.SegmentStore;

namespace Pravega.Perf.SegmentStore.Tests.StorageWriter;

/// <summary>
/// A store on in-memory WALs plus a file-system Tier-2 in a temp directory, both outliving each store started on them.
/// Tier-2 goes through a <see cref="FaultInjectingFileSystem"/> per start (syncs simulated, so thousands of flushes
/// stay fast); tests make it read-only, full or crash through <see cref="FileSystems"/>.
/// </summary>
internal sealed class Tier2Harness : IDisposable
{
    private readonly ChunkWriteMode _writeMode;

    /// <param name="containerCount">Containers of the store.</param>
    /// <param name="writeMode">How Tier-2 writes chunk bytes; a store of <see cref="ChunkWriteMode.Direct"/> is skipped
    /// where the temp directory refuses O_DIRECT.</param>
    public Tier2Harness(int containerCount = 1, ChunkWriteMode writeMode = ChunkWriteMode.Auto)
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("tier2-test-").FullName;
        Wal = new InMemorySegmentStore(containerCount);
        _writeMode = writeMode;
    }

    public string Directory { get; }

    public InMemorySegmentStore Wal { get; }

    /// <summary>The fault injectors of the last started store, by container id.</summary>
    public Dictionary<int, FaultInjectingFileSystem> FileSystems { get; } = [];

    /// <summary>Applied to each new container's file system before the container opens its Tier-2.</summary>
    public Action<FaultInjectingFileSystem>? ConfigureFileSystem { get; set; }

    public string Root(int containerId) => Path.Combine(Directory, "container-" + containerId);

    public Task<SegmentStoreService> StartAsync(Action<SegmentStoreOptions>? configure = null)
    {
        if (_writeMode == ChunkWriteMode.Direct)
        {
            Assert.SkipUnless(DirectFile.IsSupportedIn(Directory, out var reason), reason ?? "O_DIRECT refused");
        }
        return Wal.StartAsync(o =>
        {
            o.CacheSizeBytes = 4L << 20;
            o.CacheBlockSize = 4096;
            o.Tier2Enabled = true;
            o.StorageFlushAgeMs = 0;
            o.StorageRetryDelayMs = 20;
            o.StorageReadAlignment = 64 * 1024;
            o.StorageReadAheadBytes = 256 * 1024;
            o.StorageMaxFlushBytes = 256 * 1024;
            o.CheckpointFrameInterval = 50;
            o.StorageFactory = Open;
            configure?.Invoke(o);
        });
    }

    /// <summary>A separate view of a container's Tier-2 (a newer epoch: only for reading what is there).</summary>
    public FileSystemChunkStorage Inspect(int containerId) =>
        new(new FileSystemStorageOptions { Root = Root(containerId), MaxChunkLength = 1 << 20 }, epoch: 1 << 30);

    public void Dispose()
    {
        if (System.IO.Directory.Exists(Directory))
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
    }

    private IChunkedSegmentStorage Open(int containerId, long epoch)
    {
        var fs = new FaultInjectingFileSystem(LocalStorageFileSystem.Instance) { SimulateSyncs = true };
        ConfigureFileSystem?.Invoke(fs);
        FileSystems[containerId] = fs;
        // Small chunks, so the tests cross chunk boundaries and concats relink several chunks.
        return new FileSystemChunkStorage(new FileSystemStorageOptions { Root = Root(containerId), MaxChunkLength = 1 << 20, WriteMode = _writeMode }, epoch, fs);
    }
}
