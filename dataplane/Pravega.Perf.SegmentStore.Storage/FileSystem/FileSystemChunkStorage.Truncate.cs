using Pravega.Perf.SegmentStore.Contracts.Exceptions;

namespace Pravega.Perf.SegmentStore.Storage.FileSystem;

public sealed partial class FileSystemChunkStorage
{
    /// <inheritdoc />
    public ValueTask TruncateAsync(string segmentName, long startOffset, CancellationToken cancellationToken = default) =>
        GuardVoid(segmentName, () => WithState(segmentName, s =>
        {
            var record = Own(s);
            if (startOffset > record.Length)
            {
                throw new BadOffsetException(s.Name, startOffset, record.Length);
            }
            if (startOffset <= record.StartOffset)
            {
                return true;
            }
            var keep = 0;
            while (keep < record.Chunks.Length && record.Chunks[keep].EndOffset <= startOffset)
            {
                keep++;
            }
            var dropped = record.Chunks[..keep];
            // The metadata stops naming the chunks first; only then are their files deleted (a crash in between
            // leaves orphans, never a record that points at a deleted file).
            Commit(s, record, record.Next(Epoch) with { StartOffset = startOffset, Chunks = record.Chunks[keep..] });
            foreach (var chunk in dropped)
            {
                if (chunk.Name == s.ActiveChunk)
                {
                    s.CloseActive();
                }
                DeleteChunkFiles(chunk);
            }
            return true;
        }), cancellationToken);

    /// <inheritdoc />
    public ValueTask DeleteAsync(string segmentName, CancellationToken cancellationToken = default) =>
        GuardVoid(segmentName, () => WithState(segmentName, s =>
        {
            var record = Own(s);
            var tombstone = Commit(s, record, record.Next(Epoch) with { IsDeleted = true });
            FinishDelete(s, tombstone, retire: true);
            return true;
        }), cancellationToken);

    /// <summary>After the tombstone is committed: chunk files, then metadata versions oldest first, then the directory.</summary>
    private void FinishDelete(SegmentState s, SegmentRecord tombstone, bool retire)
    {
        s.CloseActive();
        foreach (var chunk in tombstone.Chunks)
        {
            DeleteChunkFiles(chunk);
        }
        _metadata.DeleteAll(s.Directory);
        s.Record = null;
        s.Owned = false;
        if (retire)
        {
            Retire(s);
        }
    }

    private void DeleteChunkFiles(ChunkRecord chunk)
    {
        var raw = _paths.ChunkPath(chunk.Name);
        var compressed = _paths.CompressedChunkPath(chunk.Name);
        EvictReadHandle(chunk.Name);
        DeleteQuietly(chunk.IsCompressed ? compressed : raw);
        DeleteQuietly(chunk.IsCompressed ? raw : compressed);
    }
}
