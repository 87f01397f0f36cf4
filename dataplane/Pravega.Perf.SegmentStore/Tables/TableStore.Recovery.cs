using Pravega.Perf.SegmentStore.Contracts;
using Pravega.Perf.SegmentStore.Contracts.Tables;

namespace Pravega.Perf.SegmentStore.Tables;

public sealed partial class TableStore
{
    /// <summary>How long a catch-up waits for another writer's append to become durable before the caller retries.</summary>
    private static readonly TimeSpan PendingAppendWait = TimeSpan.FromMilliseconds(200);

    /// <summary>Builds a table's index: the newest valid snapshot, then every entry after the offset it covers.</summary>
    private async Task<TableSegment> LoadAsync(string segmentName)
    {
        var info = await _store.GetSegmentInfoAsync(segmentName).ConfigureAwait(false);
        if ((info.Type & SegmentType.TableSegment) == 0)
        {
            throw new ArgumentException($"Segment '{segmentName}' is not a table segment.", nameof(segmentName));
        }
        var keyLength = (info.Type & SegmentType.FixedKeyLengthTableSegment) == SegmentType.FixedKeyLengthTableSegment
            && info.Attributes.TryGetValue(TableAttributes.KeyLength, out var length) ? (int)length : 0;
        var instanceId = info.Attributes.TryGetValue(TableAttributes.InstanceId, out var id) ? id : 0;
        var table = new TableSegment(segmentName, keyLength, instanceId, info.StartOffset);
        var from = await LoadSnapshotAsync(table, info).ConfigureAwait(false);
        var scanned = await ScanAsync(table, from, info.Length).ConfigureAwait(false);
        TableStoreLog.Opened(_logger, segmentName, table.Index.Count, table.SnapshotCovers, scanned, from, info.Length);
        return table;
    }

    /// <summary>Indexes the entries in [<paramref name="from"/>, <paramref name="to"/>) and moves the table's length
    /// to <paramref name="to"/>; returns the bytes scanned.</summary>
    private async Task<long> ScanAsync(TableSegment table, long from, long to)
    {
        using var reader = new SegmentEntryReader(_store, table.Name, from, to);
        while (await reader.ReadNextAsync(CancellationToken.None).ConfigureAwait(false) is { } entry)
        {
            lock (table.IndexLock)
            {
                Apply(table.Index, entry);
            }
        }
        lock (table.IndexLock)
        {
            table.Length = to;
        }
        Interlocked.Add(ref _bytesScanned, to - from);
        return to - from;
    }

    /// <summary>
    /// Indexes what other writers appended since the index was last brought up to date; with
    /// <paramref name="pendingLength"/> (the length a failed conditional append found), first waits until the
    /// appends up to there are durable, since only durable bytes can be read. Caller holds
    /// <see cref="TableSegment.UpdateLock"/>.
    /// </summary>
    private async Task CatchUpAsync(TableSegment table, long pendingLength = -1)
    {
        while (true)
        {
            var info = await _store.GetSegmentInfoAsync(table.Name).ConfigureAwait(false);
            long length;
            lock (table.IndexLock)
            {
                length = table.Length;
                table.StartOffset = Math.Max(table.StartOffset, info.StartOffset);
            }
            if (info.Length < length)
            {
                // Shorter than what was indexed: the segment was deleted and created again behind this store's back.
                Forget(table);
                throw new InvalidDataException($"Table segment '{table.Name}' is shorter ({info.Length}) than its index ({length}).");
            }
            if (info.Length < pendingLength && !info.IsSealed)
            {
                // A tail read completes once the next append is durable (or the segment is sealed or deleted). Bounded:
                // if that append fails instead, nothing may ever come, and the caller's retry will find the length free.
                using var timeout = new CancellationTokenSource(PendingAppendWait);
                try
                {
                    using var wait = await _store.ReadAsync(table.Name, info.Length, 1, timeout.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (timeout.IsCancellationRequested)
                {
                    return;
                }
                continue;
            }
            if (info.Length > length)
            {
                TableStoreLog.CaughtUp(_logger, table.Name, info.Length - length);
                await ScanAsync(table, Math.Max(length, info.StartOffset), info.Length).ConfigureAwait(false);
            }
            return;
        }
    }

    private static void Apply(TableIndex index, in ScannedEntry entry)
    {
        if (entry.Header.IsRemoval)
        {
            index.Remove(entry.Key.Span);
        }
        else
        {
            index.Put(entry.Key.Span, entry.Offset, entry.Version, entry.Header.TotalLength);
        }
    }
}
