using Pravega.Perf.SegmentStore.Storage.FileSystem;

namespace Pravega.Perf.SegmentStore.Tests.StorageWriter;

/// <summary>Every <see cref="StorageWriterTests"/> test with chunk bytes written through the page cache.</summary>
public sealed class BufferedStorageWriterTests : StorageWriterTests
{
    public BufferedStorageWriterTests()
        : base(ChunkWriteMode.Buffered)
    {
    }
}
