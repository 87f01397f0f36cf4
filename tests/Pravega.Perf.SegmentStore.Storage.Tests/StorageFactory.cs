using Pravega.Perf.SegmentStore.Storage.FileSystem;
using Pravega.Perf.SegmentStore.Storage.IO;

namespace Pravega.Perf.SegmentStore.Storage.Tests;

internal static class StorageFactory
{
    public static FileSystemChunkStorage Open(string root, long epoch, long maxChunk = 4096, bool compress = false, int frameSize = 4096, IStorageFileSystem? fs = null) =>
        new(new FileSystemStorageOptions
        {
            Root = root,
            MaxChunkLength = maxChunk,
            CompressClosedChunks = compress,
            CompressionFrameSize = frameSize,
        }, epoch, fs);

    public static async Task<byte[]> ReadAllAsync(IChunkedSegmentStorage storage, string segment)
    {
        var info = await storage.GetInfoAsync(segment, TestContext.Current.CancellationToken);
        var bytes = new byte[info.Length - info.StartOffset];
        var n = await storage.ReadAsync(segment, info.StartOffset, bytes, TestContext.Current.CancellationToken);
        Assert.True(n == bytes.Length, $"read {n} of {bytes.Length} bytes of '{segment}'");
        return bytes;
    }
}
