namespace Pravega.Perf.SegmentStore.Storage.FileSystem;

/// <summary>What compression of closed chunks did since the storage was opened.</summary>
/// <param name="ChunksCompressed">Chunks replaced by their compressed form.</param>
/// <param name="ChunksLeftRaw">Chunks that did not shrink enough and stayed raw.</param>
/// <param name="RawBytes">Raw bytes of the compressed chunks.</param>
/// <param name="StoredBytes">File bytes of the compressed chunks (frames, index and footer).</param>
/// <param name="Failures">Compressions that failed (the chunk stayed raw; the bytes are intact).</param>
/// <param name="LastFailure">The most recent failure, if any.</param>
public readonly record struct CompressionStatistics(long ChunksCompressed, long ChunksLeftRaw, long RawBytes, long StoredBytes, long Failures, Exception? LastFailure)
{
    /// <summary>Stored bytes per raw byte of the compressed chunks (1 when nothing was compressed).</summary>
    public double Ratio => RawBytes == 0 ? 1 : (double)StoredBytes / RawBytes;
}
