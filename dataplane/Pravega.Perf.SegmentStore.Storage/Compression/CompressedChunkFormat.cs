namespace Pravega.Perf.SegmentStore.Storage.Compression;

/// <summary>
/// Layout of a compressed chunk file (little-endian). Every frame is an independent Zstd frame of up to
/// <c>frameSize</c> input bytes, so a read decompresses only the frames it touches:
/// <code>
/// +---------+---------+-----+-----------+----------------------------------------------------+
/// | frame 0 | frame 1 | ... | index     | footer (32 bytes)                                   |
/// +---------+---------+-----+-----------+----------------------------------------------------+
/// index entry (20 bytes) = i64 fileOffset + i32 compressedLength + i32 rawLength + u32 crc32c(compressed bytes)
/// footer = u64 magic | i64 rawLength | i32 frameSize | i32 frameCount | u32 crc32c(index) | u32 reserved
/// </code>
/// </summary>
internal static class CompressedChunkFormat
{
    public const ulong Magic = 0x314B4E4843535A50; // "PZSCHNK1"
    public const int FooterSize = 32;
    public const int IndexEntrySize = 20;
}
