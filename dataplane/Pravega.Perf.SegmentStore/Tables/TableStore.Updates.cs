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
            await table.UpdateLock.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                if (table.IsDeleted)
                {
                    continue;
                }
                var versions = await AppendUpdatesAsync(table, entries, (int)size, tableSegmentOffset).ConfigureAwait(false);
                ScheduleMaintenance(table);
                return versions;
            }
            finally
            {
                table.UpdateLock.Release();
            }
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
            await table.UpdateLock.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                if (table.IsDeleted)
                {
                    continue;
                }
                await AppendRemovalsAsync(table, keys, tableSegmentOffset).ConfigureAwait(false);
                ScheduleMaintenance(table);
                return;
            }
            finally
            {
                table.UpdateLock.Release();
            }
        }
    }

    /// <summary>Checks the conditions, appends the batch at the indexed length and indexes it. Caller holds
    /// <see cref="TableSegment.UpdateLock"/>.</summary>
    private async Task<long[]> AppendUpdatesAsync(TableSegment table, IReadOnlyList<TableEntry> entries, int size,
        long tableSegmentOffset)
    {
        var versions = new long[entries.Count];
        if (entries.Count == 0)
        {
            return versions;
        }
        var buffer = ArrayPool<byte>.Shared.Rent(size);
        try
        {
            var caughtUp = false;
            while (true)
            {
                long expected;
                lock (table.IndexLock)
                {
                    expected = table.Length;
                    if (tableSegmentOffset < 0 || tableSegmentOffset == expected)
                    {
                        for (var i = 0; i < entries.Count; i++)
                        {
                            CheckCondition(table, entries[i].Key);
                        }
                    }
                }
                if (await CaughtUpAfterOffsetMismatchAsync(table, tableSegmentOffset, expected, caughtUp).ConfigureAwait(false))
                {
                    caughtUp = true;
                    continue;
                }
                var position = 0;
                for (var i = 0; i < entries.Count; i++)
                {
                    versions[i] = expected + position;
                    position += EntrySerializer.Write(buffer.AsSpan(position), entries[i].Key.Key.Span, entries[i].Value.Span, isRemoval: false);
                }
                if (await TryAppendAsync(table, buffer.AsMemory(0, position), expected).ConfigureAwait(false) is not { } newLength)
                {
                    caughtUp = true;
                    continue;
                }
                lock (table.IndexLock)
                {
                    for (var i = 0; i < entries.Count; i++)
                    {
                        var length = EntrySerializer.SizeOf(entries[i].Key.Key.Length, entries[i].Value.Length);
                        table.Index.Put(entries[i].Key.Key.Span, versions[i], versions[i], length);
                    }
                    table.Length = newLength;
                }
                return versions;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task AppendRemovalsAsync(TableSegment table, IReadOnlyList<TableKey> keys, long tableSegmentOffset)
    {
        var caughtUp = false;
        while (true)
        {
            long expected;
            var present = new List<ReadOnlyMemory<byte>>(keys.Count);
            lock (table.IndexLock)
            {
                expected = table.Length;
                if (tableSegmentOffset < 0 || tableSegmentOffset == expected)
                {
                    foreach (var key in keys)
                    {
                        // Only keys that have a value get a removal record: removing an absent key changes nothing.
                        if (CheckCondition(table, key) != TableKey.NotExists)
                        {
                            present.Add(key.Key);
                        }
                    }
                }
            }
            if (await CaughtUpAfterOffsetMismatchAsync(table, tableSegmentOffset, expected, caughtUp).ConfigureAwait(false))
            {
                caughtUp = true;
                continue;
            }
            if (present.Count == 0)
            {
                return;
            }
            var size = present.Sum(k => EntrySerializer.SizeOf(k.Length, 0));
            var buffer = ArrayPool<byte>.Shared.Rent(size);
            try
            {
                var position = 0;
                foreach (var key in present)
                {
                    position += EntrySerializer.Write(buffer.AsSpan(position), key.Span, default, isRemoval: true);
                }
                if (await TryAppendAsync(table, buffer.AsMemory(0, position), expected).ConfigureAwait(false) is not { } newLength)
                {
                    caughtUp = true;
                    continue;
                }
                lock (table.IndexLock)
                {
                    foreach (var key in present)
                    {
                        table.Index.Remove(key.Span);
                    }
                    table.Length = newLength;
                }
                return;
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    /// <summary>
    /// The whole-segment condition (wire <c>tableSegmentOffset</c>, -1 = none): false if it holds; true once the index
    /// has caught up with other writers (the caller checks again); <see cref="BadOffsetException"/> if it still fails
    /// after a catch-up.
    /// </summary>
    private async Task<bool> CaughtUpAfterOffsetMismatchAsync(TableSegment table, long tableSegmentOffset, long expected, bool caughtUp)
    {
        if (tableSegmentOffset < 0 || tableSegmentOffset == expected)
        {
            return false;
        }
        if (caughtUp)
        {
            throw new BadOffsetException(table.Name, tableSegmentOffset, expected);
        }
        await CatchUpAsync(table).ConfigureAwait(false);
        return true;
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
        var actual = table.Index.VersionOf(key.Key.Span);
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
