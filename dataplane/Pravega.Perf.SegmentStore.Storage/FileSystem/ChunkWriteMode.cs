namespace Pravega.Perf.SegmentStore.Storage.FileSystem;

/// <summary>How chunk bytes reach the chunk files (<see cref="FileSystemStorageOptions.WriteMode"/>).</summary>
public enum ChunkWriteMode
{
    /// <summary><see cref="Direct"/> where the chunks directory accepts O_DIRECT (probed once), else <see cref="Buffered"/>.</summary>
    Auto,

    /// <summary>Plain writes through the page cache. Recent chunk bytes stay in memory, so a catch-up read of data the
    /// cache just evicted is a memory copy; the price is a kernel copy of every byte into the page cache, its
    /// allocation and writeback, which profiled at over a third of the server's CPU under a 1 KiB append load.</summary>
    Buffered,

    /// <summary>O_DIRECT writes from an aligned staging buffer (Linux): no page-cache copy. The unaligned tail of each
    /// write is kept in memory and rewritten, with the next bytes, from its aligned start. Reads of chunk data then come
    /// from the device. Fails (with an <see cref="IOException"/> at the first chunk) where O_DIRECT is refused.</summary>
    Direct,
}
