namespace Pravega.Perf.SegmentStore.Storage.FileSystem;

/// <summary>One chunk in a segment's metadata: the bytes [StartOffset, StartOffset + Length) of the segment.</summary>
internal readonly record struct ChunkRecord(string Name, long StartOffset, long Length, bool IsCompressed)
{
    public long EndOffset => StartOffset + Length;

    public ChunkInfo ToInfo() => new(Name, StartOffset, Length, IsCompressed);
}
