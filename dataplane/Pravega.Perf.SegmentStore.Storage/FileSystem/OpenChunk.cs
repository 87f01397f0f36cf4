using Microsoft.Win32.SafeHandles;
using Pravega.Perf.SegmentStore.Storage.Compression;

namespace Pravega.Perf.SegmentStore.Storage.FileSystem;

/// <summary>A cached read handle of a chunk file and, for a compressed chunk, its frame index.</summary>
internal sealed record OpenChunk(SafeFileHandle Handle, CompressedChunkReader? Compressed, bool IsCompressed);
