using Pravega.Perf.SegmentStore.Storage.FileSystem;

namespace Pravega.Perf.SegmentStore.Tests.StorageWriter;

/// <summary>Every <see cref="StorageWriterTests"/> test with chunk bytes written with O_DIRECT (skipped where the temp
/// directory refuses it).</summary>
public sealed class DirectStorageWriterTests : StorageWriterTests
{
    public DirectStorageWriterTests()
        : base(ChunkWriteMode.Direct)
    {
    }
}
