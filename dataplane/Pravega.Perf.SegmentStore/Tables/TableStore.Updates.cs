using System.Buffers;
using Pravega.Perf.SegmentStore.Contracts.Appends;
using Pravega.Perf.SegmentStore.Contracts.Exceptions;
using Pravega.Perf.SegmentStore.Contracts.Tables;

namespace Pravega.Perf.SegmentStore.Tables;

public sealed partial class TableStore
{
    /// <inheritdoc />
    public async Task<long[]> UpdateAsync(string segmentName, IReadOnlyList<TableEntry> entries, long tableSegmentOffset = -1,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entries);
        while (true)
        {
            var table = await OpenAsync(segmentName).ConfigureAwait(false);
            var size = 0L;
            for (var i = 0; i < entries.Count; i++)
            {
                ValidateKey(table, entries[i].Key.Key.Length);
                if (entries[i].Value.Length > TableLimits.MaxValueLength)
                {
                    throw new TableLimitExceededException(segmentName, "value", entries[i].Value.Length, TableLimits.MaxValueLength);
                }
                size += EntrySerializer.SizeOf(entries[i].Key.Key.Length, entries[i].Value.Length);
            }
            ValidateBatch(segmentName, size);
            if (entries.Count == 0)
            {
                return [];
            }
            if (await SubmitAsync(table, entries, null, tableSegmentOffset, cancellationToken).ConfigureAwait(false) is not { } submitted)
            {
                continue;
            }
            await CompleteAsync(table, submitted.Batch, submitted.Append).ConfigureAwait(false);
            ScheduleMaintenance(table);
            return [.. submitted.Batch.Changes.Select(c => c.Offset)];
        }
    }

    /// <inheritdoc />
    public async Task RemoveAsync(string segmentName, IReadOnlyList<TableKey> keys, long tableSegmentOffset = -1,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        while (true)
        {
            var table = await OpenAsync(segmentName).ConfigureAwait(false);
            var size = 0L;
            for (var i = 0; i < keys.Count; i++)
            {
                ValidateKey(table, keys[i].Key.Length);
                size += EntrySerializer.SizeOf(keys[i].Key.Length, 0);
            }
            ValidateBatch(segmentName, size);
            if (await SubmitAsync(table, null, keys, tableSegmentOffset, cancellationToken).ConfigureAwait(false) is not { } submitted)
            {
                continue;
            }
            if (submitted.Batch.Changes.Length > 0)
            {
                await CompleteAsync(table, submitted.Batch, submitted.Append).ConfigureAwait(false);
                ScheduleMaintenance(table);
            }
            return;
        }
    }

    /// <summary>
    /// Under the table's update lock: checks the batch's conditions against the index plus the pending batches, and
    /// hands its append to the store at the pending length (the store accepts it, or refuses it because another
    /// writer appended first, before the call returns). Returns the accepted batch and its acknowledgement, which the
    /// caller awaits after the lock is released, so batches of many callers share group commits. Null: the table was
    /// found broken or deleted; open it again.
    /// </summary>
    private async Task<(PendingBatch Batch, ValueTask<long> Append)?> SubmitAsync(TableSegment table, IReadOnlyList<TableEntry>? updates,
        IReadOnlyList<TableKey>? removals, long tableSegmentOffset, CancellationToken cancellationToken)
    {
        await table.UpdateLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var caughtUp = false;
            while (true)
            {
                if (table.IsDeleted)
                {
                    return null;
                }
                long expected;
                BatchChange[]? changes = null;
                lock (table.IndexLock)
                {
                    expected = table.PendingLength;
                    if (tableSegmentOffset < 0 || tableSegmentOffset == expected)
                    {
                        changes = updates is not null ? CheckUpdates(table, updates, expected) : CheckRemovals(table, removals!, expected);
                    }
                }
                if (changes is null)
                {
                    if (caughtUp)
                    {
                        throw new BadOffsetException(table.Name, tableSegmentOffset, expected);
                    }
                    await DrainAndCatchUpAsync(table, -1).ConfigureAwait(false);
                    caughtUp = true;
                    continue;
                }
                var batch = new PendingBatch(table.NextSequence++, expected + changes.Sum(c => (long)c.Length), changes);
                if (changes.Length == 0)
                {
                    // Nothing to write (removals of absent keys): the caller does not await anything.
                    return (batch, default);
                }
                ValueTask<long> append;
                var size = (int)(batch.NewLength - expected);
                var buffer = ArrayPool<byte>.Shared.Rent(size);
                try
                {
                    var position = 0;
                    foreach (var change in changes)
                    {
                        position += EntrySerializer.Write(buffer.AsSpan(position), change.Key, change.Value.Span, change.IsRemoval);
                    }
                    // Not cancellable once handed over: a batch the store accepted is applied (or fails) as a whole.
#pragma warning disable CA2012 // Consumed exactly once, by CompleteAsync, after the update lock is released.
                    append = _store.AppendAsync(table.Name, new AppendData(buffer.AsMemory(0, size)), WriterUpdate.None, expected,
                        CancellationToken.None);
#pragma warning restore CA2012
                }
                catch (BadOffsetException e)
                {
                    // Another writer appended first: index what it wrote, then check the conditions again.
                    await DrainAndCatchUpAsync(table, e.ActualOffset).ConfigureAwait(false);
                    caughtUp = true;
                    continue;
                }
                catch (StreamSegmentNotExistsException)
                {
                    Forget(table);
                    throw;
                }
                catch (OperationTooLargeException e)
                {
                    // The engine's operation limit is below this store's batch limit (configuration): a size error all the same.
                    throw new TableLimitExceededException(table.Name, "batch", size, e.MaxSize);
                }
                finally
                {
                    // The store copied the bytes before AppendAsync returned.
                    ArrayPool<byte>.Shared.Return(buffer);
                }
                lock (table.IndexLock)
                {
                    foreach (var change in changes)
                    {
                        table.Overlay[change.Key] = (change.IsRemoval ? TableKey.NotExists : change.Offset, batch.Sequence);
                    }
                    table.Pending.Enqueue(batch);
                    table.LastPending = batch;
                    table.PendingLength = batch.NewLength;
                }
                return (batch, append);
            }
        }
        finally
        {
            table.UpdateLock.Release();
        }
    }

    /// <summary>Waits until the batch is durable and in the index (with every batch before it).</summary>
    private async Task CompleteAsync(TableSegment table, PendingBatch batch, ValueTask<long> append)
    {
        try
        {
            await append.ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Break(table, e);
            throw;
        }
        // The acknowledgement may run on the container's commit thread; what follows (indexing, the caller's reply)
        // must not hold up that container's other operations.
        await Task.Yield();
        lock (table.IndexLock)
        {
            batch.Done = true;
            while (table.Pending.TryPeek(out var head) && head.Done)
            {
                table.Pending.Dequeue();
                foreach (var change in head.Changes)
                {
                    if (change.IsRemoval)
                    {
                        table.Index.Remove(change.Key);
                    }
                    else
                    {
                        table.Index.Put(change.Key, change.Offset, change.Offset, change.Length);
                    }
                    if (table.OverlayLookup.TryGetValue(change.Key, out var pending) && pending.Sequence == head.Sequence)
                    {
                        table.Overlay.Remove(change.Key);
                    }
                }
                table.Length = head.NewLength;
                head.Applied.TrySetResult();
            }
        }
        await batch.Applied.Task.ConfigureAwait(false);
    }

    /// <summary>
    /// A batch's append failed (the log failed; the store fails every append queued after it too): what the segment
    /// holds is no longer known here, so the table's state is dropped and reloaded from the segment on next use.
    /// </summary>
    private void Break(TableSegment table, Exception error)
    {
        lock (table.IndexLock)
        {
            while (table.Pending.TryDequeue(out var batch))
            {
                batch.Applied.TrySetException(error);
            }
            table.Overlay.Clear();
        }
        Forget(table);
    }

    /// <summary>Waits for this store's accepted batches to be applied, then indexes what other writers appended.
    /// Caller holds <see cref="TableSegment.UpdateLock"/>.</summary>
    private async Task DrainAndCatchUpAsync(TableSegment table, long pendingLength)
    {
        await DrainAsync(table).ConfigureAwait(false);
        if (!table.IsDeleted)
        {
            await CatchUpAsync(table, pendingLength).ConfigureAwait(false);
        }
    }

    /// <summary>Waits until every accepted batch is applied (or failed). Caller holds <see cref="TableSegment.UpdateLock"/>,
    /// so no new batch is accepted meanwhile.</summary>
    private static async Task DrainAsync(TableSegment table)
    {
        PendingBatch? last;
        lock (table.IndexLock)
        {
            last = table.Pending.Count > 0 ? table.LastPending : null;
        }
        if (last is not null)
        {
            try
            {
                await last.Applied.Task.ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // Its caller reports the failure; the table is dropped (Break) and the caller sees IsDeleted.
            }
        }
    }

    /// <summary>The changes of an update batch, conditions checked. Caller holds the index lock.</summary>
    private static BatchChange[] CheckUpdates(TableSegment table, IReadOnlyList<TableEntry> entries, long expected)
    {
        var changes = new BatchChange[entries.Count];
        var offset = expected;
        for (var i = 0; i < entries.Count; i++)
        {
            CheckCondition(table, entries[i].Key);
            var length = EntrySerializer.SizeOf(entries[i].Key.Key.Length, entries[i].Value.Length);
            changes[i] = new BatchChange(entries[i].Key.Key.ToArray(), entries[i].Value, offset, length, IsRemoval: false);
            offset += length;
        }
        return changes;
    }

    /// <summary>The removal records of a removal batch, conditions checked: only keys that have a value get one
    /// (removing an absent key changes nothing). Caller holds the index lock.</summary>
    private static BatchChange[] CheckRemovals(TableSegment table, IReadOnlyList<TableKey> keys, long expected)
    {
        var changes = new List<BatchChange>(keys.Count);
        var offset = expected;
        foreach (var key in keys)
        {
            if (CheckCondition(table, key) != TableKey.NotExists)
            {
                var length = EntrySerializer.SizeOf(key.Key.Length, 0);
                changes.Add(new BatchChange(key.Key.ToArray(), ReadOnlyMemory<byte>.Empty, offset, length, IsRemoval: true));
                offset += length;
            }
        }
        return [.. changes];
    }

    /// <summary>
    /// Appends at <paramref name="expected"/> only; returns the new length, or null if another writer appended first
    /// (then the index has caught up with it and the caller checks its conditions again).
    /// </summary>
    private async Task<long?> TryAppendAsync(TableSegment table, ReadOnlyMemory<byte> data, long expected)
    {
        long newLength;
        try
        {
            newLength = await _store.AppendAsync(table.Name, new AppendData(data), WriterUpdate.None, expected).ConfigureAwait(false);
        }
        catch (BadOffsetException e)
        {
            await CatchUpAsync(table, e.ActualOffset).ConfigureAwait(false);
            return null;
        }
        catch (StreamSegmentNotExistsException)
        {
            Forget(table);
            throw;
        }
        // The acknowledgement may run on the container's commit thread; what follows (indexing, the caller's reply)
        // must not hold up that container's other operations.
        await Task.Yield();
        return newLength;
    }

    /// <summary>
    /// Pravega's key-version rule (reference §4.7): <c>NO_VERSION</c> passes; otherwise the key's version (-1 if it has
    /// no value) must equal the expected one, and a mismatch is <c>KeyNotExists</c> when the key is absent but a version
    /// was expected, <c>BadKeyVersion</c> otherwise. Returns the key's current version. Caller holds the index lock.
    /// </summary>
    private static long CheckCondition(TableSegment table, in TableKey key)
    {
        var actual = table.CurrentVersion(key.Key.Span);
        var expected = key.Version;
        if (expected == TableKey.NoVersion || expected == actual)
        {
            return actual;
        }
        if (actual == TableKey.NotExists)
        {
            throw new TableKeyNotExistsException(table.Name, expected);
        }
        throw new TableKeyBadVersionException(table.Name, expected, actual);
    }

    private static void ValidateKey(TableSegment table, int keyLength)
    {
        if (keyLength == 0)
        {
            throw new ArgumentException($"Table segment '{table.Name}': a key must not be empty.", nameof(keyLength));
        }
        if (keyLength > TableLimits.MaxKeyLength)
        {
            throw new TableLimitExceededException(table.Name, "key", keyLength, TableLimits.MaxKeyLength);
        }
        if (table.KeyLength > 0 && keyLength != table.KeyLength)
        {
            throw new TableLimitExceededException(table.Name, "key length", keyLength, table.KeyLength,
                $"Table segment '{table.Name}' has fixed {table.KeyLength}-byte keys; a key has {keyLength} bytes.");
        }
    }

    private void ValidateBatch(string segmentName, long size)
    {
        if (size > _options.MaxBatchSize)
        {
            throw new TableLimitExceededException(segmentName, "batch", size, _options.MaxBatchSize);
        }
    }
}
