namespace Pravega.Perf.SegmentStore.Storage.FileSystem;

/// <summary>Settings of <see cref="FileSystemChunkStorage"/>.</summary>
public sealed class FileSystemStorageOptions
{
    /// <summary>Pravega's default maximum chunk size (<c>storage.metadata.rollover.size.bytes.max</c>, reference §1.23).</summary>
    public const long DefaultMaxChunkLength = 128L * 1024 * 1024;

    /// <summary>The directory that holds this container's Tier-2 data (one root per container: the root is the fencing domain).</summary>
    public required string Root { get; init; }

    /// <summary>A chunk rolls over to a new one when it reaches this many bytes.</summary>
    public long MaxChunkLength { get; init; } = DefaultMaxChunkLength;

    /// <summary>Compress chunks with Zstd once they are closed (rolled over, or the segment is sealed).</summary>
    public bool CompressClosedChunks { get; init; }

    /// <summary>Input bytes per independently decompressible frame: the most a random read decompresses.</summary>
    public int CompressionFrameSize { get; init; } = 1024 * 1024;

    /// <summary>Zstd level (1 fast … 19 small).</summary>
    public int CompressionLevel { get; init; } = 3;

    /// <summary>A chunk stays raw unless compression shrinks it to at most this fraction of its size.</summary>
    public double MaxCompressedFraction { get; init; } = 0.9;

    /// <summary>How chunk bytes are written: Auto (default: O_DIRECT where the chunks directory accepts it, probed at
    /// the first chunk), Buffered or Direct. Metadata records are always written buffered (they are small).</summary>
    public ChunkWriteMode WriteMode { get; init; } = ChunkWriteMode.Auto;

    /// <summary>Open read handles kept for reuse (each is one file descriptor).</summary>
    public int ReadHandleCacheSize { get; init; } = 256;

    internal void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(Root);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxChunkLength, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(CompressionFrameSize, 4096);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(CompressionFrameSize, 64 * 1024 * 1024);
        ArgumentOutOfRangeException.ThrowIfLessThan(ReadHandleCacheSize, 1);
    }
}
