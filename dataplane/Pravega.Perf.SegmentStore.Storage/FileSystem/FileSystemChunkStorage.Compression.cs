using Pravega.Perf.SegmentStore.Storage.Compression;
using Pravega.Perf.SegmentStore.Storage.Exceptions;

namespace Pravega.Perf.SegmentStore.Storage.FileSystem;

public sealed partial class FileSystemChunkStorage
{
    private long _chunksCompressed;
    private long _chunksLeftRaw;
    private long _compressedRawBytes;
    private long _compressedStoredBytes;
    private long _compressionFailures;
    private Exception? _lastCompressionFailure;

    /// <summary>
    /// Compresses every closed, still raw chunk of the segment (for chunks closed while compression was off, or whose
    /// compression failed). Returns how many were replaced.
    /// </summary>
    public ValueTask<int> CompressClosedChunksAsync(string segmentName, CancellationToken cancellationToken = default) =>
        Guard(segmentName, () => WithState(segmentName, s =>
        {
            var record = Own(s);
            var count = 0;
            var closed = record.IsSealed ? record.Chunks.Length : record.Chunks.Length - 1;
            for (var i = 0; i < closed; i++)
            {
                if (!record.Chunks[i].IsCompressed && CompressCore(s, record.Chunks[i].Name))
                {
                    count++;
                }
            }
            return count;
        }), cancellationToken);

    /// <summary>Compression of a chunk that just closed. Its failure must not fail the write that closed it (that write is committed), so it is counted instead.</summary>
    private void TryCompress(SegmentState s, string chunkName)
    {
        if (!_options.CompressClosedChunks)
        {
            return;
        }
        try
        {
            CompressCore(s, chunkName);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or StorageException)
        {
            Interlocked.Increment(ref _compressionFailures);
            _lastCompressionFailure = e;
        }
    }

    /// <summary>
    /// Replaces a closed chunk by its compressed form: write <c>&lt;chunk&gt;.zst.tmp</c>, fsync, rename to
    /// <c>&lt;chunk&gt;.zst</c>, fsync, commit metadata that marks the chunk compressed, delete the raw file. Until the
    /// commit readers use the raw file; after it the compressed one; a crash leaves one redundant copy, which
    /// reconciliation deletes.
    /// </summary>
    private bool CompressCore(SegmentState s, string chunkName)
    {
        var record = s.Record!;
        var index = record.Chunks.Length - 1;
        while (index >= 0 && record.Chunks[index].Name != chunkName)
        {
            index--;
        }
        if (index < 0 || record.Chunks[index].IsCompressed || (index == record.Chunks.Length - 1 && !record.IsSealed))
        {
            return false;
        }
        var chunk = record.Chunks[index];
        var raw = _paths.ChunkPath(chunk.Name);
        var compressed = _paths.CompressedChunkPath(chunk.Name);
        // A unique temp name: a fenced-out owner compressing the same chunk must not delete or clobber ours.
        var temp = compressed + "." + Guid.NewGuid().ToString("N") + StoragePaths.TempSuffix;
        long stored;
        using (var source = _fs.OpenRead(raw))
        using (var destination = _fs.CreateNew(temp))
        {
            stored = CompressedChunkWriter.Compress(_fs, source, chunk.Length, destination, _options.CompressionFrameSize, _codecs);
            if (stored > chunk.Length * _options.MaxCompressedFraction)
            {
                destination.Dispose();
                _fs.DeleteFile(temp);
                Interlocked.Increment(ref _chunksLeftRaw);
                return false;
            }
            _fs.FullSync(destination);
        }
        _fs.MoveReplace(temp, compressed);
        using (var renamed = _fs.OpenReadWrite(compressed))
        {
            _fs.FullSync(renamed);
        }
        try
        {
            Commit(s, record, record.Next(Epoch) with { Chunks = record.Chunks.SetItem(index, chunk with { IsCompressed = true }) });
        }
        catch
        {
            DeleteQuietly(compressed);
            throw;
        }
        EvictReadHandle(chunk.Name);
        DeleteQuietly(raw);
        Interlocked.Increment(ref _chunksCompressed);
        Interlocked.Add(ref _compressedRawBytes, chunk.Length);
        Interlocked.Add(ref _compressedStoredBytes, stored);
        return true;
    }
}
