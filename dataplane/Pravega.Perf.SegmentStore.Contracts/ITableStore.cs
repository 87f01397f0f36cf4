using Pravega.Perf.SegmentStore.Contracts.Exceptions;
using Pravega.Perf.SegmentStore.Contracts.Tables;

namespace Pravega.Perf.SegmentStore.Contracts;

/// <summary>
/// Table segments: key-value data kept on segments of an <see cref="ISegmentStore"/> (Pravega's <c>TableStore</c>,
/// reference §4.7). Every update or removal batch is one durable append, so it is applied all or nothing; conditions
/// are checked against the state before the batch. A key's version is the segment offset of its latest entry.
/// </summary>
/// <remarks>
/// Thread-safe; updates of one table segment are applied one at a time in call order. Errors are
/// <see cref="SegmentStoreException"/> subtypes: <see cref="StreamSegmentNotExistsException"/> for a missing segment,
/// <see cref="TableKeyBadVersionException"/>, <see cref="TableKeyNotExistsException"/>,
/// <see cref="TableSegmentNotEmptyException"/>, <see cref="TableLimitExceededException"/>; an operation on a segment
/// that is not a table segment, or a malformed continuation token, throws <see cref="ArgumentException"/>.
/// </remarks>
public interface ITableStore : IAsyncDisposable
{
    /// <summary>Creates an empty table segment.</summary>
    /// <exception cref="StreamSegmentExistsException">The name is taken.</exception>
    /// <exception cref="TableLimitExceededException">The fixed key length is above <see cref="TableLimits.MaxKeyLength"/>.</exception>
    Task CreateAsync(string segmentName, TableSegmentConfig config, CancellationToken cancellationToken = default);

    /// <summary>Deletes a table segment and its index.</summary>
    /// <param name="segmentName">The table segment.</param>
    /// <param name="mustBeEmpty">Delete only if no key has a value.</param>
    /// <param name="cancellationToken">Cancels a wait for the table's turn.</param>
    /// <exception cref="TableSegmentNotEmptyException"><paramref name="mustBeEmpty"/> and the table has keys.</exception>
    Task DeleteAsync(string segmentName, bool mustBeEmpty, CancellationToken cancellationToken = default);

    /// <summary>Puts a batch of entries atomically. Each entry's <see cref="TableKey.Version"/> is its condition:
    /// <see cref="TableKey.NoVersion"/> = unconditional, <see cref="TableKey.NotExists"/> = insert, otherwise the
    /// key's current version. If the same key occurs twice, both conditions are checked against the state before the
    /// batch and the later entry wins.</summary>
    /// <param name="segmentName">The table segment.</param>
    /// <param name="entries">The entries; their memory is copied before the returned task completes.</param>
    /// <param name="tableSegmentOffset">-1, or the segment length the table must have (else
    /// <see cref="BadOffsetException"/>).</param>
    /// <param name="cancellationToken">Cancels a wait for the table's turn.</param>
    /// <returns>The new version of each entry, in order.</returns>
    /// <exception cref="TableKeyBadVersionException">A condition failed on an existing key (or a key to insert exists).</exception>
    /// <exception cref="TableKeyNotExistsException">A condition named a version of a key that does not exist.</exception>
    Task<long[]> UpdateAsync(string segmentName, IReadOnlyList<TableEntry> entries, long tableSegmentOffset = -1,
        CancellationToken cancellationToken = default);

    /// <summary>Removes keys atomically, with the same conditions as <see cref="UpdateAsync"/>. Removing an absent key
    /// unconditionally is a no-op.</summary>
    Task RemoveAsync(string segmentName, IReadOnlyList<TableKey> keys, long tableSegmentOffset = -1,
        CancellationToken cancellationToken = default);

    /// <summary>Reads the current entry of each key; null where the key has no value.</summary>
    Task<TableEntry?[]> GetAsync(string segmentName, IReadOnlyList<ReadOnlyMemory<byte>> keys,
        CancellationToken cancellationToken = default);

    /// <summary>One page of keys with their versions: the hash layout iterates in key-hash order, the
    /// fixed-key-length layout in unsigned lexicographic key order.</summary>
    Task<TableIteratorPage<TableKey>> ReadKeysAsync(string segmentName, TableIteratorArgs args,
        CancellationToken cancellationToken = default);

    /// <summary>One page of entries, in the same order as <see cref="ReadKeysAsync"/>.</summary>
    Task<TableIteratorPage<TableEntry>> ReadEntriesAsync(string segmentName, TableIteratorArgs args,
        CancellationToken cancellationToken = default);

    /// <summary>The entries written at or after <paramref name="fromPosition"/> (a segment offset: 0, or a
    /// <see cref="TableDeltaPage.LastPosition"/>), at most <paramref name="maxEntries"/>.</summary>
    Task<TableDeltaPage> ReadDeltaAsync(string segmentName, long fromPosition, int maxEntries,
        CancellationToken cancellationToken = default);

    /// <summary>The table segment's offsets, key count and key length.</summary>
    Task<TableSegmentInfo> GetInfoAsync(string segmentName, CancellationToken cancellationToken = default);
}
