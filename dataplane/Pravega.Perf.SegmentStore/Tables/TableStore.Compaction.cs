using System.Buffers;

namespace Pravega.Perf.SegmentStore.Tables;

public sealed partial class TableStore
{
    /// <summary>
    /// One compaction run (Pravega's table compactor, reference §4.7): reads up to
    /// <see cref="TableStoreOptions.MaxCompactionBytes"/> from the head of the segment, copies the entries there that
    /// are still live to the tail with their versions kept (so a client's version stays valid, as Pravega's compactor
    /// keeps them), repoints the index, then truncates the head. A crash between the copy and the truncation leaves
    /// both copies; the later one (same key, version and value) wins on recovery. Returns false if nothing was done.
    /// </summary>
    /// <param name="segmentName">The table segment.</param>
    /// <param name="force">Compact even if the table is above the utilization threshold.</param>
    /// <param name="cancellationToken">Cancels waits for the table's locks.</param>
    public async Task<bool> CompactAsync(string segmentName, bool force = true, CancellationToken cancellationToken = default)
    {
        var table = await OpenAsync(segmentName).ConfigureAwait(false);
        return await CompactTableAsync(table, force, cancellationToken).ConfigureAwait(false);
    }

    private bool NeedsCompaction(TableSegment table) =>
        table.Length - table.StartOffset >= _options.MinCompactionLength
        && table.Utilization < _options.CompactionUtilizationThreshold;

    private async Task<bool> CompactTableAsync(TableSegment table, bool force, CancellationToken cancellationToken)
    {
        await table.MaintenanceLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            long start;
            long length;
            lock (table.IndexLock)
            {
                if (table.IsDeleted || table.Length == table.StartOffset || (!force && !NeedsCompaction(table)))
                {
                    return false;
                }
                start = table.StartOffset;
                length = table.Length;
            }
            // Only compaction truncates, and it holds the maintenance lock: the head region cannot change under us.
            var candidates = new List<Candidate>();
            long end;
            using (var reader = new SegmentEntryReader(_store, table.Name, start, length))
            {
                while (reader.Position - start < _options.MaxCompactionBytes
                    && await reader.ReadNextAsync(cancellationToken).ConfigureAwait(false) is { } entry)
                {
                    if (!entry.Header.IsRemoval)
                    {
                        candidates.Add(new Candidate(entry.Offset, entry.Key.ToArray(), entry.Value.ToArray()));
                    }
                }
                end = reader.Position;
            }
            var copied = await CopyLiveAsync(table, candidates, cancellationToken).ConfigureAwait(false);
            if (copied < 0)
            {
                return false;
            }
            await _store.TruncateAsync(table.Name, end, cancellationToken).ConfigureAwait(false);
            lock (table.IndexLock)
            {
                table.StartOffset = Math.Max(table.StartOffset, end);
            }
            TableStoreLog.Compacted(_logger, table.Name, start, end, copied);
            return true;
        }
        finally
        {
            table.MaintenanceLock.Release();
        }
    }

    /// <summary>Copies the candidates that are still the keys' latest entries to the tail, in appends of at most
    /// <see cref="TableStoreOptions.MaxAppendSize"/>; returns how many, or -1 if the table was deleted meanwhile.</summary>
    private async Task<int> CopyLiveAsync(TableSegment table, List<Candidate> candidates, CancellationToken cancellationToken)
    {
        await table.UpdateLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(_options.MaxAppendSize, EntrySerializer.MaxEntryLength));
        try
        {
            // With the update lock held no batch is accepted; once the accepted ones are applied, Length is the tail.
            await DrainAsync(table).ConfigureAwait(false);
            if (table.IsDeleted)
            {
                return -1;
            }
            var copied = 0;
            var next = 0;
            while (next < candidates.Count)
            {
                // Collect a chunk of live candidates with their current versions.
                var chunk = new List<(Candidate Candidate, long Version, int Position)>();
                long expected;
                var used = 0;
                lock (table.IndexLock)
                {
                    expected = table.Length;
                    var i = next;
                    for (; i < candidates.Count; i++)
                    {
                        var c = candidates[i];
                        if (!table.Index.TryGet(c.Key, out var current) || current.Offset != c.Offset)
                        {
                            continue;
                        }
                        var size = EntrySerializer.SizeOf(c.Key.Length, c.Value.Length);
                        if (used + size > buffer.Length)
                        {
                            break;
                        }
                        chunk.Add((c, current.Version, used));
                        used += EntrySerializer.Write(buffer.AsSpan(used), c.Key, c.Value, isRemoval: false, explicitVersion: current.Version);
                    }
                    next = i;
                }
                if (chunk.Count == 0)
                {
                    continue;
                }
                if (await TryAppendAsync(table, buffer.AsMemory(0, used), expected).ConfigureAwait(false) is not { } newLength)
                {
                    // Another writer appended: its entries are indexed now; look at this chunk's candidates again.
                    next = candidates.IndexOf(chunk[0].Candidate);
                    continue;
                }
                lock (table.IndexLock)
                {
                    foreach (var (c, version, position) in chunk)
                    {
                        table.Index.Put(c.Key, expected + position, version, EntrySerializer.SizeOf(c.Key.Length, c.Value.Length));
                    }
                    table.Length = newLength;
                }
                copied += chunk.Count;
            }
            return copied;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            table.UpdateLock.Release();
        }
    }

    /// <summary>Starts a background snapshot or compaction of the table if one is due and none is queued.</summary>
    private void ScheduleMaintenance(TableSegment table)
    {
        if (!_options.AutomaticMaintenance || Volatile.Read(ref _disposed) != 0)
        {
            return;
        }
        bool due;
        lock (table.IndexLock)
        {
            due = table.Length - table.SnapshotCovers >= _options.SnapshotIntervalBytes || NeedsCompaction(table);
        }
        if (!due || Interlocked.CompareExchange(ref table.MaintenanceScheduled, 1, 0) != 0)
        {
            return;
        }
        var task = Task.Run(() => RunMaintenanceAsync(table));
        lock (_tasksLock)
        {
            _maintenance.Add(task);
        }
        _ = task.ContinueWith(static (t, state) =>
        {
            var self = (TableStore)state!;
            lock (self._tasksLock)
            {
                self._maintenance.Remove(t);
            }
        }, this, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private async Task RunMaintenanceAsync(TableSegment table)
    {
        try
        {
            await CompactTableAsync(table, force: false, CancellationToken.None).ConfigureAwait(false);
            bool snapshotDue;
            lock (table.IndexLock)
            {
                snapshotDue = table.Length - table.SnapshotCovers >= _options.SnapshotIntervalBytes;
            }
            if (snapshotDue)
            {
                await WriteSnapshotAsync(table, CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The table stays correct without it (the next open scans more); the next update schedules another run.
            TableStoreLog.MaintenanceFailed(_logger, e, table.Name);
        }
        finally
        {
            Volatile.Write(ref table.MaintenanceScheduled, 0);
        }
    }

    /// <summary>An entry of the compacted region that was live when read.</summary>
    private sealed record Candidate(long Offset, byte[] Key, byte[] Value);
}
