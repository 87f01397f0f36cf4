using System.Buffers;
using System.Buffers.Binary;
using Pravega.Perf.Interop.Crc;
using Pravega.Perf.SegmentStore.Contracts;
using Pravega.Perf.SegmentStore.Contracts.Appends;
using Pravega.Perf.SegmentStore.Contracts.Attributes;
using Pravega.Perf.SegmentStore.Contracts.Exceptions;
using Pravega.Perf.SegmentStore.Contracts.Tables;

namespace Pravega.Perf.SegmentStore.Tables;

public sealed partial class TableStore
{
    /// <summary>Largest snapshot this store loads (a bigger one is ignored and the table scanned instead).</summary>
    private const long MaxSnapshotLength = 1L << 30;

    /// <summary>
    /// Writes a snapshot of the table's index to <c>&lt;table&gt;$index</c> (a segment like any other, so the storage
    /// writer moves it to Tier-2), so a later open scans only the entries after it. The snapshot is appended in pieces,
    /// then made current by one attribute update, then the older snapshots are truncated away: a crash at any point
    /// leaves the previous snapshot current. Returns false if there was nothing new to cover.
    /// </summary>
    public async Task<bool> SnapshotIndexAsync(string segmentName, CancellationToken cancellationToken = default)
    {
        var table = await OpenAsync(segmentName).ConfigureAwait(false);
        return await WriteSnapshotAsync(table, cancellationToken).ConfigureAwait(false);
    }

    private async Task<bool> WriteSnapshotAsync(TableSegment table, CancellationToken cancellationToken)
    {
        await table.MaintenanceLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            IndexPosition[] items;
            long covers;
            lock (table.IndexLock)
            {
                if (table.IsDeleted || table.Length == table.SnapshotCovers)
                {
                    return false;
                }
                covers = table.Length;
                items = [.. table.Index.Entries.Select(IndexPosition.Of)];
            }
            var indexName = GetIndexSegmentName(table.Name);
            try
            {
                await _store.CreateSegmentAsync(indexName, SegmentType.Internal, [], cancellationToken).ConfigureAwait(false);
            }
            catch (StreamSegmentExistsException)
            {
            }
            var start = (await _store.GetSegmentInfoAsync(indexName, cancellationToken).ConfigureAwait(false)).Length;
            var bodyLength = items.Sum(i => (long)SnapshotFormat.ItemFixedLength + i.Key.Length);
            var chunkSize = Math.Max(_options.MaxAppendSize, SnapshotFormat.HeaderLength + SnapshotFormat.ItemFixedLength + TableLimits.MaxKeyLength);
            var chunk = ArrayPool<byte>.Shared.Rent(chunkSize);
            try
            {
                var offset = start;
                SnapshotFormat.WriteHeader(chunk, table.InstanceId, covers, items.Length, bodyLength);
                var used = SnapshotFormat.HeaderLength;
                var crc = 0u;
                foreach (var item in items)
                {
                    if (chunkSize - used < SnapshotFormat.ItemFixedLength + item.Key.Length)
                    {
                        crc = Crc32C.Append(crc, chunk.AsSpan(0, used));
                        offset = await AppendExactlyAsync(indexName, chunk.AsMemory(0, used), offset, cancellationToken).ConfigureAwait(false);
                        used = 0;
                    }
                    used += SnapshotFormat.WriteItem(chunk.AsSpan(used), item);
                }
                crc = Crc32C.Append(crc, chunk.AsSpan(0, used));
                if (chunkSize - used < SnapshotFormat.TrailerLength)
                {
                    offset = await AppendExactlyAsync(indexName, chunk.AsMemory(0, used), offset, cancellationToken).ConfigureAwait(false);
                    used = 0;
                }
                BinaryPrimitives.WriteUInt32BigEndian(chunk.AsSpan(used), crc);
                used += SnapshotFormat.TrailerLength;
                await AppendExactlyAsync(indexName, chunk.AsMemory(0, used), offset, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(chunk);
            }
            await _store.UpdateAttributesAsync(indexName, [AttributeUpdate.Replace(TableAttributes.SnapshotOffset, start)],
                cancellationToken).ConfigureAwait(false);
            await _store.TruncateAsync(indexName, start, cancellationToken).ConfigureAwait(false);
            lock (table.IndexLock)
            {
                table.SnapshotCovers = covers;
            }
            TableStoreLog.SnapshotWritten(_logger, table.Name, items.Length, covers, start);
            return true;
        }
        finally
        {
            table.MaintenanceLock.Release();
        }
    }

    /// <summary>Appends at exactly <paramref name="offset"/> (nobody else writes the index segment, so a mismatch is
    /// an error) and returns the new length.</summary>
    private async Task<long> AppendExactlyAsync(string segment, ReadOnlyMemory<byte> data, long offset, CancellationToken cancellationToken) =>
        await _store.AppendAsync(segment, new AppendData(data), WriterUpdate.None, offset, cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// Loads the current snapshot into the table's index if it belongs to this table instance and is intact; returns
    /// where the tail scan starts (the covered offset, or the segment's start offset without a usable snapshot).
    /// Snapshot entries below the segment's start offset are dropped: compaction moved (and re-logged in the tail) or
    /// removed those keys after the snapshot was taken.
    /// </summary>
    private async Task<long> LoadSnapshotAsync(TableSegment table, SegmentProperties tableInfo)
    {
        var indexName = GetIndexSegmentName(table.Name);
        long at;
        SegmentProperties indexInfo;
        try
        {
            at = await _store.GetAttributeAsync(indexName, TableAttributes.SnapshotOffset).ConfigureAwait(false);
            if (at == SegmentAttributes.NullValue)
            {
                return tableInfo.StartOffset;
            }
            indexInfo = await _store.GetSegmentInfoAsync(indexName).ConfigureAwait(false);
        }
        catch (StreamSegmentNotExistsException)
        {
            return tableInfo.StartOffset;
        }
        if (at < indexInfo.StartOffset || indexInfo.Length - at < SnapshotFormat.HeaderLength + SnapshotFormat.TrailerLength)
        {
            TableStoreLog.SnapshotIgnored(_logger, table.Name, at, "it lies outside the index segment");
            return tableInfo.StartOffset;
        }
        var header = await ReadBytesAsync(indexName, at, SnapshotFormat.HeaderLength).ConfigureAwait(false);
        if (!SnapshotFormat.TryReadHeader(header, out var instanceId, out var covers, out var count, out var bodyLength)
            || bodyLength > MaxSnapshotLength || at + SnapshotFormat.HeaderLength + bodyLength + SnapshotFormat.TrailerLength > indexInfo.Length)
        {
            TableStoreLog.SnapshotIgnored(_logger, table.Name, at, "malformed header");
            return tableInfo.StartOffset;
        }
        if (instanceId != table.InstanceId || covers > tableInfo.Length)
        {
            TableStoreLog.SnapshotIgnored(_logger, table.Name, at, "it belongs to another table of this name");
            return tableInfo.StartOffset;
        }
        var body = await ReadBytesAsync(indexName, at + SnapshotFormat.HeaderLength, (int)bodyLength + SnapshotFormat.TrailerLength)
            .ConfigureAwait(false);
        var crc = Crc32C.Append(Crc32C.Compute(header), body.AsSpan(0, (int)bodyLength));
        if (crc != BinaryPrimitives.ReadUInt32BigEndian(body.AsSpan((int)bodyLength)))
        {
            TableStoreLog.SnapshotIgnored(_logger, table.Name, at, "checksum mismatch");
            return tableInfo.StartOffset;
        }
        lock (table.IndexLock)
        {
            var position = 0;
            for (var i = 0L; i < count; i++)
            {
                var span = body.AsSpan(position);
                var keyLength = BinaryPrimitives.ReadInt32BigEndian(span);
                var offset = BinaryPrimitives.ReadInt64BigEndian(span[4..]);
                var version = BinaryPrimitives.ReadInt64BigEndian(span[12..]);
                var length = BinaryPrimitives.ReadInt32BigEndian(span[20..]);
                table.Index.Put(span.Slice(SnapshotFormat.ItemFixedLength, keyLength), offset, version, length);
                position += SnapshotFormat.ItemFixedLength + keyLength;
            }
            table.Index.DropBelow(tableInfo.StartOffset);
            table.SnapshotCovers = covers;
        }
        return Math.Max(covers, tableInfo.StartOffset);
    }

    /// <summary>Reads exactly <paramref name="length"/> bytes (all below the segment's length).</summary>
    private async Task<byte[]> ReadBytesAsync(string segment, long offset, int length, CancellationToken cancellationToken = default)
    {
        var bytes = length == 0 ? [] : new byte[length];
        var done = 0;
        while (done < length)
        {
            using var read = await _store.ReadAsync(segment, offset + done, length - done, cancellationToken).ConfigureAwait(false);
            if (read.Length == 0)
            {
                throw new InvalidDataException($"Segment '{segment}' returned no bytes at {offset + done}.");
            }
            read.Data.Span.CopyTo(bytes.AsSpan(done));
            done += read.Length;
        }
        return bytes;
    }
}
