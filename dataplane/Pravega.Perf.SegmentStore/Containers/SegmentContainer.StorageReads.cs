using System.Buffers;
using Pravega.Perf.SegmentStore.Contracts.Exceptions;
using Pravega.Perf.SegmentStore.Metadata;
using Pravega.Perf.SegmentStore.StorageWriter;

namespace Pravega.Perf.SegmentStore.Containers;

internal sealed partial class SegmentContainer
{
    private int _readAheadsInFlight;

    /// <summary>
    /// Serves a read of evicted bytes (below the storage length) from Tier-2: fetches the <c>StorageReadAlignment</c>
    /// aligned range around it (more when the read is longer), puts the whole blocks back into the cache, and copies the
    /// asked bytes out. A reader whose fetches follow each other gets the next <c>StorageReadAheadBytes</c> loaded in the
    /// background. Returns the number of bytes copied (at least one).
    /// </summary>
    private int ReadFromStorage(SegmentMetadata segment, long offset, Span<byte> destination, long storageLength, long startOffset)
    {
        long alignment = _options.StorageReadAlignment;
        var fetchStart = Math.Max(offset - (offset % alignment), startOffset);
        var wantedEnd = offset + destination.Length;
        var fetchEnd = Math.Min(storageLength, Math.Max(fetchStart + alignment, (wantedEnd + alignment - 1) / alignment * alignment));
        var length = (int)(fetchEnd - fetchStart);
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            FetchFromStorage(segment, fetchStart, buffer.AsMemory(0, length));
            var index = segment.ReadIndex;
            var previousEnd = index.LastFetchEnd;
            index.LastFetchEnd = fetchEnd;
            if (previousEnd >= fetchStart && previousEnd <= fetchEnd)
            {
                StartReadAhead(segment, fetchEnd, storageLength);
            }
            var copied = (int)Math.Min(destination.Length, fetchEnd - offset);
            buffer.AsSpan((int)(offset - fetchStart), copied).CopyTo(destination);
            return copied;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Reads <paramref name="destination"/>.Length bytes (all below the storage length) from Tier-2 and caches them.</summary>
    private void FetchFromStorage(SegmentMetadata segment, long offset, Memory<byte> destination)
    {
        var read = Await(_storage!.ReadAsync(segment.StorageName, offset, destination));
        if (read != destination.Length)
        {
            throw new InvalidDataException(
                $"Container {Id}: Tier-2 returned {read} of {destination.Length} bytes of '{segment.Name}' at {offset}, below its storage length.");
        }
        Interlocked.Increment(ref _counters.Tier2Reads);
        Interlocked.Add(ref _counters.Tier2ReadBytes, read);
        segment.ReadIndex.Fill(offset, destination.Span);
    }

    private void StartReadAhead(SegmentMetadata segment, long from, long storageLength)
    {
        // At most a quarter of the cache: read-ahead that evicts what the reader is about to read only adds reads.
        var aheadBytes = Math.Min(_options.StorageReadAheadBytes, (long)_cache.BlockCount * _cache.BlockSize / 4);
        var end = Math.Min(storageLength, from + aheadBytes);
        if (end <= from || !segment.ReadIndex.TryBeginPrefetch())
        {
            return;
        }
        segment.ReadIndex.LastFetchEnd = end;
        Interlocked.Increment(ref _readAheadsInFlight);
        Interlocked.Increment(ref _counters.ReadAheads);
        _ = Task.Run(() => ReadAhead(segment, from, end));
    }

    /// <summary>Loads <c>[from, end)</c> into the cache, in aligned pieces, skipping what is cached already.</summary>
    private void ReadAhead(SegmentMetadata segment, long from, long end)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(_options.StorageReadAlignment);
        try
        {
            for (var offset = from; offset < end && !_storageStop.IsCancellationRequested;)
            {
                var n = (int)Math.Min(end - offset, _options.StorageReadAlignment - (offset % _options.StorageReadAlignment));
                if (!segment.ReadIndex.IsCached(offset, offset + n))
                {
                    FetchFromStorage(segment, offset, buffer.AsMemory(0, n));
                }
                offset += n;
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Only an optimisation: the reader fetches what is missing itself (and sees the error if it persists).
            StorageWriterLog.ReadAheadFailed(_logger, Id, segment.Name, e.Message);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            segment.ReadIndex.EndPrefetch();
            Interlocked.Decrement(ref _readAheadsInFlight);
        }
    }

    /// <summary>
    /// A merge copies the source's bytes into the target's cache (the target serves them until Tier-2 concatenates the
    /// two). Source bytes already evicted are read back from Tier-2: from the source, or, when replaying a merge that
    /// Tier-2 had already concatenated before a crash, from the target. Live, this runs under the operation lock, so a
    /// merge of an evicted source stalls the container's appends for that read (merges are rare).
    /// </summary>
    private void CopyMergedBytes(SegmentMetadata source, long sourceLength, SegmentMetadata target, long targetOffset)
    {
        var chunk = ArrayPool<byte>.Shared.Rent(Math.Max(_cache.BlockSize, 64 * 1024));
        try
        {
            for (long done = 0; done < sourceLength;)
            {
                var n = (int)Math.Min(sourceLength - done, chunk.Length);
                var got = source.ReadIndex.ReadCached(done, chunk.AsSpan(0, n));
                if (got <= 0)
                {
                    got = ReadMergeSourceFromStorage(source, done, target, targetOffset, chunk.AsMemory(0, n));
                }
                target.ReadIndex.Write(targetOffset + done, chunk.AsSpan(0, got));
                done += got;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
    }

    private int ReadMergeSourceFromStorage(SegmentMetadata source, long offset, SegmentMetadata target, long targetOffset,
        Memory<byte> destination)
    {
        if (_storage is null)
        {
            throw new InvalidOperationException($"Merge source bytes of '{source.Name}' at {offset} are no longer cached.");
        }
        int read;
        try
        {
            read = Await(_storage.ReadAsync(source.StorageName, offset, destination));
        }
        catch (StreamSegmentNotExistsException)
        {
            read = Await(_storage.ReadAsync(target.StorageName, targetOffset + offset, destination));
        }
        if (read <= 0)
        {
            throw new InvalidDataException($"Container {Id}: merge source bytes of '{source.Name}' at {offset} are neither cached nor in Tier-2.");
        }
        Interlocked.Increment(ref _counters.Tier2Reads);
        Interlocked.Add(ref _counters.Tier2ReadBytes, read);
        return read;
    }
}
