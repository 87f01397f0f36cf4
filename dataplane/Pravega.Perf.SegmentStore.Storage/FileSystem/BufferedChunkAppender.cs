using Microsoft.Win32.SafeHandles;
using Pravega.Perf.SegmentStore.Storage.IO;

namespace Pravega.Perf.SegmentStore.Storage.FileSystem;

/// <summary>Appends through the page cache: one positional write per call (<see cref="ChunkWriteMode.Buffered"/>).</summary>
internal sealed class BufferedChunkAppender : ChunkAppender
{
    public BufferedChunkAppender(IStorageFileSystem fs, SafeFileHandle handle)
        : base(fs, handle)
    {
    }

    public override void Write(long chunkOffset, ReadOnlySpan<byte> data) => FileSystem.Write(Handle, chunkOffset, data);
}
