using Microsoft.Win32.SafeHandles;
using Pravega.Perf.SegmentStore.Storage.IO;

namespace Pravega.Perf.SegmentStore.Storage.FileSystem;

/// <summary>
/// The write side of a chunk file this instance created and appends to (a segment's active chunk, or one a write is
/// creating). The chunk's length of record is its <see cref="ChunkRecord.Length"/> in the committed metadata, never
/// the file's size: callers say where each write goes, and bytes past the recorded length are unacknowledged.
/// </summary>
internal abstract class ChunkAppender : IDisposable
{
    protected ChunkAppender(IStorageFileSystem fs, SafeFileHandle handle)
    {
        FileSystem = fs;
        Handle = handle;
    }

    protected IStorageFileSystem FileSystem { get; }

    protected SafeFileHandle Handle { get; }

    /// <summary>Writes <paramref name="data"/> at <paramref name="chunkOffset"/>, the chunk's recorded length (a retry
    /// after a failed call writes at the same offset again).</summary>
    public abstract void Write(long chunkOffset, ReadOnlySpan<byte> data);

    /// <summary>fdatasync: the written bytes are durable (O_DIRECT alone does not flush the device's cache).</summary>
    public void DataSync() => FileSystem.DataSync(Handle);

    /// <summary>fsync: bytes, size and (for a new chunk) its name are durable.</summary>
    public void FullSync() => FileSystem.FullSync(Handle);

    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            Handle.Dispose();
        }
    }
}
