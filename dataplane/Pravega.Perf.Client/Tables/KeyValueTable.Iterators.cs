using System.Runtime.CompilerServices;
using Pravega.Perf.Client.Segments;

namespace Pravega.Perf.Client.Tables;

public sealed partial class KeyValueTable
{
    public async IAsyncEnumerable<KeyValueTableEntry> EntriesAsync(KeyValueTableRange range, int pageSize = 100,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var (partition, record) in IterateAsync(range, pageSize, keysOnly: false, cancellationToken).ConfigureAwait(false))
        {
            yield return new KeyValueTableEntry(FromSegmentKey(record.Key), new KeyValueTableVersion(partition.SegmentId, record.Version), record.Value);
        }
    }

    public async IAsyncEnumerable<KeyValueTableKeyVersion> KeysAsync(KeyValueTableRange range, int pageSize = 100,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var (partition, record) in IterateAsync(range, pageSize, keysOnly: true, cancellationToken).ConfigureAwait(false))
        {
            yield return new KeyValueTableKeyVersion(FromSegmentKey(record.Key), new KeyValueTableVersion(partition.SegmentId, record.Version));
        }
    }

    /// <summary>
    /// One primary key reads its partition alone; a range of them reads every partition and merges the sorted streams
    /// by key (Pravega's <c>MergeAsyncIterator</c>), each partition holding one page at a time.
    /// </summary>
    private async IAsyncEnumerable<(KeyValueTablePartition Partition, TableEntryRecord Record)> IterateAsync(KeyValueTableRange range, int pageSize, bool keysOnly,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(range);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(pageSize);
        var (from, to) = range.Resolve(Configuration);
        var primary = Configuration.PrimaryKeyLength;
        IReadOnlyList<KeyValueTablePartition> partitions = from.AsSpan(0, primary).SequenceEqual(to.AsSpan(0, primary))
            ? [_partitions.For(from.AsSpan(0, primary))]
            : _partitions.All;

        var cursors = partitions.Select(p => (Partition: p, Items: ScanAsync(p, from, to, pageSize, keysOnly, cancellationToken).GetAsyncEnumerator(cancellationToken)))
            .ToList();
        try
        {
            // The first page of every partition is fetched at once; after that a partition is read when its page runs out.
            var started = await Task.WhenAll(cursors.Select(c => c.Items.MoveNextAsync().AsTask())).ConfigureAwait(false);
            var heads = new PriorityQueue<int, ReadOnlyMemory<byte>>(KeyBytes.Comparer);
            for (var i = 0; i < cursors.Count; i++)
            {
                if (started[i])
                {
                    heads.Enqueue(i, cursors[i].Items.Current.Key);
                }
            }
            while (heads.TryDequeue(out var next, out _))
            {
                var (partition, items) = cursors[next];
                yield return (partition, items.Current);
                if (await items.MoveNextAsync().ConfigureAwait(false))
                {
                    heads.Enqueue(next, items.Current.Key);
                }
            }
        }
        finally
        {
            foreach (var cursor in cursors)
            {
                await cursor.Items.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>The keys of one partition in [from, to], page by page; each page starts right after the last key seen.</summary>
    private async IAsyncEnumerable<TableEntryRecord> ScanAsync(KeyValueTablePartition partition, byte[] from, byte[] to, int pageSize, bool keysOnly,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var next = from;
        while (true)
        {
            var start = next;
            var page = await CallAsync(() => keysOnly
                ? _segments.ReadTableKeysInRangeAsync(partition.SegmentName, pageSize, start, to, cancellationToken)
                : _segments.ReadTableEntriesInRangeAsync(partition.SegmentName, pageSize, start, to, cancellationToken)).ConfigureAwait(false);
            if (page.Count == 0)
            {
                yield break;
            }
            foreach (var record in page)
            {
                yield return record;
            }
            var successor = KeyBytes.Successor(page[^1].Key.Span);
            if (successor is null || successor.AsSpan().SequenceCompareTo(to) > 0)
            {
                yield break;
            }
            next = successor;
        }
    }
}
