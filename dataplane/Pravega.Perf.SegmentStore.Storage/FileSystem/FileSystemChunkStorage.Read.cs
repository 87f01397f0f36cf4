using System.Collections.Concurrent;
using Pravega.Perf.SegmentStore.Contracts.Exceptions;
using Pravega.Perf.SegmentStore.Storage.Compression;
using Pravega.Perf.SegmentStore.Storage.Exceptions;

namespace Pravega.Perf.SegmentStore.Storage.FileSystem;

public sealed partial class FileSystemChunkStorage
{
    private const int ReadAttempts = 3;
    private readonly ConcurrentDictionary<string, OpenChunk> _readHandles = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public ValueTask<int> ReadAsync(string segmentName, long offset, Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        // Not through Guard: the read path allocates nothing per call (no closure).
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled<int>(cancellationToken);
        }
        try
        {
            return new ValueTask<int>(ReadCore(segmentName, offset, buffer.Span));
        }
        catch (Exception e)
        {
            return ValueTask.FromException<int>(StorageErrors.Translate(segmentName, _paths.Root, e) ?? e);
        }
    }

    private int ReadCore(string segmentName, long offset, Span<byte> buffer)
    {
        for (var attempt = 1; ; attempt++)
        {
            var record = RecordForRead(segmentName, fresh: attempt > 1, wantedEnd: offset + buffer.Length);
            if (offset < record.StartOffset)
            {
                throw new StreamSegmentTruncatedException(segmentName, record.StartOffset, offset);
            }
            if (offset > record.Length)
            {
                throw new BadOffsetException(segmentName, offset, record.Length);
            }
            try
            {
                return ReadChunks(record, offset, buffer);
            }
            catch (Exception e) when (attempt < ReadAttempts && e is FileNotFoundException or ObjectDisposedException)
            {
                // A truncate, delete or compression replaced the chunk file after we took the record: take a newer one.
            }
        }
    }

    private int ReadChunks(SegmentRecord record, long offset, Span<byte> buffer)
    {
        var total = (int)Math.Min(buffer.Length, record.Length - offset);
        var done = 0;
        var index = total == 0 ? -1 : record.FindChunk(offset);
        while (done < total)
        {
            if (index < 0 || index >= record.Chunks.Length)
            {
                throw new StorageCorruptException(record.Name, $"no chunk holds offset {offset + done}");
            }
            var chunk = record.Chunks[index];
            var within = offset + done - chunk.StartOffset;
            var n = (int)Math.Min(total - done, chunk.Length - within);
            ReadChunk(record.Name, chunk, within, buffer.Slice(done, n));
            done += n;
            index++;
        }
        return total;
    }

    private void ReadChunk(string segmentName, ChunkRecord chunk, long within, Span<byte> destination)
    {
        var open = GetReadHandle(segmentName, chunk);
        if (open.Compressed is { } compressed)
        {
            if (!compressed.TryRead(_fs, open.Handle, within, destination, _codecs))
            {
                throw new StorageCorruptException(segmentName, $"compressed chunk '{chunk.Name}' fails its checksum near offset {within}");
            }
            return;
        }
        var read = _fs.Read(open.Handle, within, destination);
        if (read != destination.Length)
        {
            throw new StorageCorruptException(segmentName, $"chunk '{chunk.Name}' holds {within + read} bytes, metadata says {chunk.Length}");
        }
    }

    /// <summary>The cached read handle of the chunk (keyed by chunk name, so a hit computes no path).</summary>
    private OpenChunk GetReadHandle(string segmentName, ChunkRecord chunk)
    {
        if (_readHandles.TryGetValue(chunk.Name, out var cached))
        {
            if (cached.IsCompressed == chunk.IsCompressed)
            {
                return cached;
            }
            EvictReadHandle(chunk.Name);
        }
        var compressed = chunk.IsCompressed;
        var path = compressed ? _paths.CompressedChunkPath(chunk.Name) : _paths.ChunkPath(chunk.Name);
        if (_readHandles.Count >= _options.ReadHandleCacheSize)
        {
            // Crude but bounded: readers racing with the clear see ObjectDisposedException and retry.
            ClearReadHandles();
        }
        var handle = _fs.OpenRead(path);
        CompressedChunkReader? reader = null;
        if (compressed)
        {
            reader = CompressedChunkReader.TryOpen(_fs, handle);
            if (reader is null)
            {
                handle.Dispose();
                throw new StorageCorruptException(segmentName, $"'{path}' is not a complete compressed chunk");
            }
        }
        var open = new OpenChunk(handle, reader, compressed);
        if (_readHandles.TryAdd(chunk.Name, open))
        {
            return open;
        }
        handle.Dispose();
        return GetReadHandle(segmentName, chunk);
    }

    private void EvictReadHandle(string chunkName)
    {
        if (_readHandles.TryRemove(chunkName, out var open))
        {
            open.Handle.Dispose();
        }
    }

    private void ClearReadHandles()
    {
        foreach (var name in _readHandles.Keys)
        {
            EvictReadHandle(name);
        }
    }

    /// <summary>
    /// The record to read with: the owner's own record (always current), or, for a segment another epoch writes, the
    /// cached one unless <paramref name="fresh"/> asks for the one on disk or the read wants bytes past its length.
    /// </summary>
    private SegmentRecord RecordForRead(string segmentName, bool fresh, long wantedEnd = 0)
    {
        var s = GetState(segmentName);
        if (!s.Removed && s.Record is { } known && (s.Owned || (!fresh && known.Length >= wantedEnd)))
        {
            return known;
        }
        var record = _metadata.LoadLatest(s.Directory);
        if (record is null || record.IsDeleted || record.Name != segmentName)
        {
            if (!s.Owned && s.Record is null)
            {
                // Do not keep a state for every name someone asked about.
                _segments.TryRemove(new KeyValuePair<string, SegmentState>(segmentName, s));
            }
            throw new StreamSegmentNotExistsException(segmentName);
        }
        if (!s.Owned)
        {
            s.Record = record;
        }
        return record;
    }
}
