using Pravega.Perf.Interop.Files;
using Pravega.Perf.SegmentStore.Storage.FileSystem;
using Pravega.Perf.SegmentStore.Storage.IO;

namespace Pravega.Perf.SegmentStore.Storage.Tests;

internal static class StorageFactory
{
    /// <summary>A storage under <paramref name="root"/>; a test of <see cref="ChunkWriteMode.Direct"/> is skipped where
    /// the file system refuses O_DIRECT.</summary>
    public static FileSystemChunkStorage Open(string root, long epoch, long maxChunk = 4096, bool compress = false, int frameSize = 4096,
        IStorageFileSystem? fs = null, ChunkWriteMode mode = ChunkWriteMode.Auto)
    {
        if (mode == ChunkWriteMode.Direct)
        {
            Assert.SkipUnless(DirectFile.IsSupportedIn(root, out var reason), reason ?? "O_DIRECT refused");
        }
        return new(new FileSystemStorageOptions
        {
            Root = root,
            MaxChunkLength = maxChunk,
            CompressClosedChunks = compress,
            CompressionFrameSize = frameSize,
            WriteMode = mode,
        }, epoch, fs);
    }

    public static async Task<byte[]> ReadAllAsync(IChunkedSegmentStorage storage, string segment)
    {
        var info = await storage.GetInfoAsync(segment, TestContext.Current.CancellationToken);
        var bytes = new byte[info.Length - info.StartOffset];
        var n = await storage.ReadAsync(segment, info.StartOffset, bytes, TestContext.Current.CancellationToken);
        Assert.True(n == bytes.Length, $"read {n} of {bytes.Length} bytes of '{segment}'");
        return bytes;
    }
}
