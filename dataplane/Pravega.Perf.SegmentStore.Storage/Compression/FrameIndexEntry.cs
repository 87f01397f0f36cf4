namespace Pravega.Perf.SegmentStore.Storage.Compression;

/// <summary>Where one compressed frame is and what it holds.</summary>
internal readonly record struct FrameIndexEntry(long FileOffset, int CompressedLength, int RawLength, uint Crc);
