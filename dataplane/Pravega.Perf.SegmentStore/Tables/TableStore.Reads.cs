using Pravega.Perf.SegmentStore.Contracts.Exceptions;
using Pravega.Perf.SegmentStore.Contracts.Tables;

namespace Pravega.Perf.SegmentStore.Tables;

public sealed partial class TableStore
{
    /// <summary>How often a read follows an entry that compaction moved while it was being read.</summary>
    private const int MovedEntryRetries = 8;

    /// <inheritdoc />
    public async Task<TableEntry?[]> GetAsync(string segmentName, IReadOnlyList<ReadOnlyMemory<byte>> keys,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var table = await OpenAsync(segmentName).ConfigureAwait(false);
        var result = new TableEntry?[keys.Count];
        for (var i = 0; i < keys.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (await ReadCurrentAsync(table, keys[i], cancellationToken).ConfigureAwait(false) is { } found)
            {
                result[i] = new TableEntry(new TableKey(keys[i], found.Version), found.Value);
            }
        }
        return result;
    }

    /// <inheritdoc />
    public async Task<TableIteratorPage<TableKey>> ReadKeysAsync(string segmentName, TableIteratorArgs args,
        CancellationToken cancellationToken = default)
    {
        var table = await OpenAsync(segmentName).ConfigureAwait(false);
        var (items, token) = CollectPage(table, args, withValues: false);
        return new TableIteratorPage<TableKey>([.. items.Select(i => new TableKey(i.Key, i.Version))], token);
    }

    /// <inheritdoc />
    public async Task<TableIteratorPage<TableEntry>> ReadEntriesAsync(string segmentName, TableIteratorArgs args,
        CancellationToken cancellationToken = default)
    {
        var table = await OpenAsync(segmentName).ConfigureAwait(false);
        var (items, token) = CollectPage(table, args, withValues: true);
        var entries = new List<TableEntry>(items.Count);
        foreach (var item in items)
        {
            byte[]? value;
            var version = item.Version;
            try
            {
                value = await ReadValueAsync(table, item.Key.Length, item.Offset, item.Length, cancellationToken).ConfigureAwait(false);
            }
            catch (StreamSegmentTruncatedException)
            {
                // Compaction moved the entry after the page was collected: read it where it is now (if it still is).
                var current = await ReadCurrentAsync(table, item.Key, cancellationToken).ConfigureAwait(false);
                value = current?.Value;
                version = current?.Version ?? version;
            }
            if (value is not null)
            {
                entries.Add(new TableEntry(new TableKey(item.Key, version), value));
            }
        }
        return new TableIteratorPage<TableEntry>(entries, token);
    }

    /// <inheritdoc />
    public async Task<TableDeltaPage> ReadDeltaAsync(string segmentName, long fromPosition, int maxEntries,
        CancellationToken cancellationToken = default)
    {
        var table = await OpenAsync(segmentName).ConfigureAwait(false);
        for (var attempt = 0; ; attempt++)
        {
            var info = await _store.GetSegmentInfoAsync(segmentName, cancellationToken).ConfigureAwait(false);
            var shouldClear = fromPosition < info.StartOffset;
            var from = Math.Max(fromPosition, info.StartOffset);
            if (from > info.Length)
            {
                throw new ArgumentException(
                    $"Table segment '{segmentName}': position {fromPosition} is beyond its length {info.Length}.", nameof(fromPosition));
            }
            var entries = new List<TableEntry>();
            using var reader = new SegmentEntryReader(_store, table.Name, from, info.Length);
            try
            {
                var bytes = 0L;
                while (entries.Count < Math.Max(1, maxEntries) && bytes < _options.MaxPageBytes
                    && await reader.ReadNextAsync(cancellationToken).ConfigureAwait(false) is { } entry)
                {
                    var key = entry.Key.ToArray();
                    entries.Add(entry.Header.IsRemoval
                        ? new TableEntry(new TableKey(key, TableKey.NotExists), ReadOnlyMemory<byte>.Empty)
                        : new TableEntry(new TableKey(key, entry.Version), entry.Value.ToArray()));
                    bytes += entry.Header.TotalLength;
                }
            }
            catch (StreamSegmentTruncatedException) when (attempt < MovedEntryRetries)
            {
                // Compacted below the position while reading: start again at the new head; the caller is told to clear.
                continue;
            }
            catch (InvalidDataException e) when (entries.Count == 0)
            {
                throw new ArgumentException($"Table segment '{segmentName}': position {from} is not the start of an entry.",
                    nameof(fromPosition), e);
            }
            var last = reader.Position;
            return new TableDeltaPage(entries, shouldClear, last >= info.Length, last);
        }
    }

    /// <summary>The key's current version and value, or null if it has none; follows compaction moves.</summary>
    private async Task<(long Version, byte[] Value)?> ReadCurrentAsync(TableSegment table, ReadOnlyMemory<byte> key,
        CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            long offset;
            long version;
            int length;
            lock (table.IndexLock)
            {
                if (!table.Index.TryGet(key.Span, out var entry))
                {
                    return null;
                }
                offset = entry.Offset;
                version = entry.Version;
                length = entry.Length;
            }
            try
            {
                return (version, await ReadValueAsync(table, key.Length, offset, length, cancellationToken).ConfigureAwait(false));
            }
            catch (StreamSegmentTruncatedException) when (attempt < MovedEntryRetries)
            {
                // Compaction copied the entry to the tail and truncated the head between the lookup and the read.
            }
        }
    }

    /// <summary>Reads the value of the entry at <paramref name="offset"/> (header + key + value = <paramref name="length"/>).</summary>
    private async Task<byte[]> ReadValueAsync(TableSegment table, int keyLength, long offset, int length,
        CancellationToken cancellationToken)
    {
        try
        {
            return await ReadBytesAsync(table.Name, offset + EntrySerializer.HeaderLength + keyLength,
                length - EntrySerializer.HeaderLength - keyLength, cancellationToken).ConfigureAwait(false);
        }
        catch (StreamSegmentNotExistsException)
        {
            Forget(table);
            throw;
        }
    }

    /// <summary>Collects one page of positions (under the index lock, memory only) and the page's continuation token.</summary>
    private (List<IndexPosition> Items, ReadOnlyMemory<byte> Token) CollectPage(TableSegment table, in TableIteratorArgs args, bool withValues)
    {
        if (table.IsHashLayout && (!args.FromKey.IsEmpty || !args.ToKey.IsEmpty))
        {
            throw new ArgumentException(
                $"Table segment '{table.Name}' has the hash layout: key ranges need the fixed-key-length layout.", nameof(args));
        }
        var items = new List<IndexPosition>(Math.Clamp(args.MaxItems, 0, 1024));
        if (args.MaxItems <= 0)
        {
            return (items, args.ContinuationToken);
        }
        var (tokenHash, tokenKey) = args.ContinuationToken.IsEmpty
            ? (default, ReadOnlyMemory<byte>.Empty)
            : IteratorToken.Parse(args.ContinuationToken, table.IsHashLayout, table.Name);
        lock (table.IndexLock)
        {
            var index = table.Index;
            var node = args.ContinuationToken.IsEmpty ? index.First() : index.First(tokenHash, tokenKey.Span, inclusive: false);
            if (!args.FromKey.IsEmpty && node is not null && node.Key.AsSpan().SequenceCompareTo(args.FromKey.Span) < 0)
            {
                node = index.First(default, args.FromKey.Span, inclusive: true);
            }
            var bytes = 0L;
            IndexEntry? last = null;
            while (node is not null && items.Count < args.MaxItems && (items.Count == 0 || bytes < _options.MaxPageBytes))
            {
                if (!args.ToKey.IsEmpty && node.Key.AsSpan().SequenceCompareTo(args.ToKey.Span) > 0)
                {
                    break;
                }
                items.Add(IndexPosition.Of(node));
                bytes += withValues ? node.Length : node.Key.Length;
                last = node;
                node = node.Next[0];
            }
            return (items, last is null ? args.ContinuationToken : IteratorToken.Create(last, table.IsHashLayout));
        }
    }
}
