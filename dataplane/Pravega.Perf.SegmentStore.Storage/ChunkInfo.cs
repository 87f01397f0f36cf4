namespace Pravega.Perf.SegmentStore.Storage;

/// <summary>One chunk of a segment.</summary>
/// <param name="Name">The chunk name, <c>&lt;segment&gt;.E-&lt;epoch&gt;-O-&lt;offset&gt;.&lt;uuid&gt;</c>.</param>
/// <param name="StartOffset">The segment offset of the chunk's first byte.</param>
/// <param name="Length">Bytes of the segment the chunk holds.</param>
/// <param name="IsCompressed">True when the chunk is stored as Zstd frames.</param>
public readonly record struct ChunkInfo(string Name, long StartOffset, long Length, bool IsCompressed);
