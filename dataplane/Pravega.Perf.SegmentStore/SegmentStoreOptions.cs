using Microsoft.Extensions.Logging;
using Pravega.Perf.SegmentStore.Storage;
using Pravega.Perf.SegmentStore.Storage.FileSystem;
using Pravega.Perf.SegmentStore.Wal;

namespace Pravega.Perf.SegmentStore;

/// <summary>Configuration of a <see cref="SegmentStoreService"/>; bind it from the host's configuration.</summary>
public sealed class SegmentStoreOptions
{
    /// <summary>Where each container keeps its write-ahead log (<c>container-&lt;id&gt;/</c> below it).</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>Number of containers in the cluster; must equal the controller's <c>controller.container.count</c>.</summary>
    public int ContainerCount { get; set; } = 4;

    /// <summary>Containers this process runs; null = all of them (single-node).</summary>
    public IReadOnlyCollection<int>? OwnedContainers { get; set; }

    /// <summary>
    /// Segment name → container id; null = Pravega's mapping (<c>SegmentToContainerMapper(ContainerCount)</c>), which
    /// wire compatibility requires. Override only to pin segments to containers in tests.
    /// </summary>
    public Func<string, int>? ContainerMapper { get; set; }

    /// <summary>Total cache size in bytes, shared by all owned containers. Bytes already in Tier-2 are evicted (least
    /// recently used first) to make room; bytes not yet flushed stay, so an append fails with
    /// <c>CacheFullException</c> only when unflushed data fills the cache (back-pressure). Without Tier-2
    /// (<see cref="Tier2Enabled"/> false) the cache holds every un-truncated byte.</summary>
    public long CacheSizeBytes { get; set; } = 1L << 30;

    /// <summary>Back the whole cache with physical memory at start (one write per page), as a JVM's AlwaysPreTouch
    /// does: appends into a never-touched page pay a page fault and the zeroing of the page. Off by default (an
    /// idle store then uses little memory); a dedicated server or a benchmark of the steady state turns it on.
    /// Start-up takes about a second per 1.5 GiB of cache on this machine.</summary>
    public bool CachePreTouch { get; set; }

    /// <summary>Cache block size in bytes (power of two).</summary>
    public int CacheBlockSize { get; set; } = 32 * 1024;

    /// <summary>Size of each WAL file. Files are laid out (written with zeros) in the background before use, then
    /// reused.</summary>
    public long WalFileSize { get; set; } = 256L << 20;

    /// <summary>Most WAL files per container; when all are in use the log is full (appends fail with
    /// <c>CacheFullException</c>).</summary>
    public int WalMaxFileCount { get; set; } = 64;

    /// <summary>Laid-out spare WAL files each container keeps ready (besides <see cref="WalMaxFileCount"/>), so
    /// rotating to a new file never waits for zeros; with none ready, a rotation uses a file extended as it is written
    /// (slower flushes, no stall). One by default: each spare costs a WAL file's size on disk per container, and a
    /// fresh start lays them out (4 containers x 256 MiB). While the log writes, only one is kept ready (files the log
    /// truncates come back as spares); the others are laid out when it is idle, so a benchmark that must not lay out
    /// files during its load sets enough of them and waits for the start-up layout (bench/README.md, "Disk bytes per
    /// payload byte").</summary>
    public int WalSpareFileCount { get; set; } = 1;

    /// <summary>Target size of a WAL frame (one write + fdatasync). A single larger operation gets a frame of its own.</summary>
    public int MaxFrameSize { get; set; } = 1 << 20;

    /// <summary>Largest single operation (an append), in bytes. Wire commands are at most 16 MiB.</summary>
    public int MaxOperationSize { get; set; } = 16 << 20;

    /// <summary>A metadata checkpoint is written after this many frames since the previous one.</summary>
    public int CheckpointFrameInterval { get; set; } = 300;

    /// <summary>... or after this many WAL bytes since the previous one, whichever comes first.</summary>
    public long CheckpointByteInterval { get; set; } = 256L << 20;

    /// <summary>
    /// True (default): an append's continuation runs inline on the container's commit thread as soon as its frame is
    /// durable (no thread-pool hop per acknowledgement; the continuation must be short and must never block on
    /// another store operation). False: continuations are queued to the thread pool.
    /// </summary>
    public bool InlineCompletions { get; set; } = true;

    /// <summary>
    /// The WAL device built for each container when <see cref="WalDeviceFactory"/> is null: Auto (default: Direct where
    /// the data directory accepts O_DIRECT, else Managed), Managed (<see cref="FileWalDevice"/>), Direct
    /// (<see cref="DirectWalDevice"/>) or IoUring (<see cref="UringWalDevice"/>); an explicit Direct or IoUring fails
    /// to start where it cannot work. <see cref="SegmentStoreService.WalBackend"/> reports the choice. Why Direct:
    /// end to end (1 KiB events, 16 writers, 16 segments) it moved about 1.35× the managed device's MB/s, since the
    /// server no longer copies every WAL byte into the page cache; io_uring matched it end to end and lost per frame
    /// (bench/README.md, "WAL device").
    /// </summary>
    public WalBackend WalBackend { get; set; } = WalBackend.Auto;

    /// <summary>
    /// With the io_uring WAL: most frames each container keeps in flight at once (1: the next frame is written once the
    /// previous one is durable). With more, a frame's write and flush start while earlier ones are still flushing, so
    /// the disk's queue stays full; acknowledgements stay in WAL order (<see cref="IWalPipeline"/>). Default 4: with
    /// 1 KiB events, 16 writers and 16 segments, 4 moved more MB/s than 1 in 11 of 12 interleaved rounds (median
    /// 1.14×); with 100 B events at 100,000 events/s both acked alike, at 1,000 segments 4's p50 was 1.5 ms higher
    /// (bench/README.md, "Several WAL frames in flight"). The other back-ends write one frame at a time.
    /// </summary>
    public int WalWritesInFlight { get; set; } = 4;

    /// <summary>Creates each container's WAL device; null = a <see cref="FileWalDevice"/> or <see cref="UringWalDevice"/>
    /// (per <see cref="WalBackend"/>) under <see cref="DataDirectory"/>. Tests pass in-memory or fault-injecting devices.</summary>
    public Func<int, IWalDevice>? WalDeviceFactory { get; set; }

    /// <summary>
    /// True (default): a storage writer per container moves committed data to Tier-2 (long-term storage), which lets
    /// the WAL be truncated and the cache evict. False: no Tier-2; the WAL and the cache keep every live byte (for
    /// volatile stores in tests and benchmarks).
    /// </summary>
    public bool Tier2Enabled { get; set; } = true;

    /// <summary>Root of the file-system Tier-2 (one <c>container-&lt;id&gt;/</c> below it); null =
    /// <c>&lt;DataDirectory&gt;/tier2</c>. May be a shared (NFS) mount.</summary>
    public string? Tier2Directory { get; set; }

    /// <summary>Creates each container's Tier-2 storage from (container id, container epoch); null = a
    /// <see cref="Storage.FileSystem.FileSystemChunkStorage"/> under <see cref="Tier2Directory"/>. Tests pass
    /// fault-injecting ones.</summary>
    public Func<int, long, IChunkedSegmentStorage>? StorageFactory { get; set; }

    /// <summary>A segment's unflushed bytes are written to Tier-2 once there are this many
    /// (Pravega's <c>writer.flush.threshold.bytes</c>).</summary>
    public int StorageFlushThresholdBytes { get; set; } = 4 << 20;

    /// <summary>... or once the oldest of them is this old, in milliseconds (<c>writer.flush.threshold.milliseconds</c>);
    /// 0 flushes as soon as the storage writer sees the data.</summary>
    public int StorageFlushAgeMs { get; set; } = 30_000;

    /// <summary>
    /// ... or once the oldest of them lies this many WAL bytes behind the newest committed frame, whatever their count and
    /// age; 0 turns this off. The WAL is truncated only behind every segment's oldest unflushed byte, so without it a
    /// quiet segment (a system table, a stream written now and then) holds the whole container's log for
    /// <see cref="StorageFlushAgeMs"/>: at 1 KiB × 16 writers that was 30 s of log, 16 WAL files of 256 MiB in use
    /// and every one of them newly laid out (written with zeros) on a fresh store before any file came back for reuse
    /// (bench/README.md, "Disk bytes per payload byte"). Default 64 MiB: at 1 KiB × 16 writers the first truncation
    /// then comes seconds into the load instead of ~20–30 s, for about one small Tier-2 write per quiet segment per
    /// 64 MiB of log (none while the container is idle).
    /// </summary>
    public long StorageFlushWalLagBytes { get; set; } = 64L << 20;

    /// <summary>Largest single Tier-2 write (<c>writer.flush.size.bytes.max</c>).</summary>
    public int StorageMaxFlushBytes { get; set; } = 4 << 20;

    /// <summary>Pause after a failed Tier-2 call before the storage writer retries, in milliseconds.</summary>
    public int StorageRetryDelayMs { get; set; } = 1000;

    /// <summary>Reads of evicted data fetch aligned ranges of this size from Tier-2 (<c>readindex.storageRead.alignment</c>).</summary>
    public int StorageReadAlignment { get; set; } = 1 << 20;

    /// <summary>A reader that fetches from Tier-2 sequentially gets this many further bytes loaded into the cache in
    /// the background; 0 disables read-ahead.</summary>
    public int StorageReadAheadBytes { get; set; } = 4 << 20;

    /// <summary>Tier-2 chunk rollover size (Pravega's <c>storage.metadata.rollover.size.bytes.max</c>).</summary>
    public long StorageMaxChunkLength { get; set; } = 128L << 20;

    /// <summary>Compress Tier-2 chunks with Zstd once they are rolled over or sealed.</summary>
    public bool StorageCompressClosedChunks { get; set; }

    /// <summary>
    /// How the file-system Tier-2 writes chunk bytes: Auto (default: O_DIRECT where the Tier-2 directory accepts it,
    /// else buffered), Buffered or Direct (fails to start where O_DIRECT is refused).
    /// <see cref="SegmentStoreService.StorageWriteMode"/> reports the choice, logged once at start. Why Direct: buffered
    /// chunk writes cost the kernel's copy of every byte into the page cache (with page allocation, delayed allocation
    /// and writeback), profiled at over a third of the server's CPU at 1 KiB events × 16 writers × 16 segments. The
    /// trade-off: buffered writes leave recent Tier-2 bytes in the page cache, so a catch-up read of data the cache just
    /// evicted is a memory copy; with O_DIRECT it is a device read (Storage README, "Chunk writes").
    /// </summary>
    public ChunkWriteMode StorageWriteMode { get; set; } = ChunkWriteMode.Auto;

    /// <summary>Where the engine logs storage writer events (reconciliation, Tier-2 failures); null = nowhere.</summary>
    public ILoggerFactory? LoggerFactory { get; set; }
}
