namespace Pravega.Perf.Client.Tables;

/// <summary>
/// A key-value table (Pravega's <c>KeyValueTable</c>). Keys are a primary key (which picks the partition) and a
/// secondary key, both of the table's exact lengths; values are at most
/// <see cref="KeyValueTableConfiguration.MaximumValueLength"/> bytes, stored as given (a Java client reads them as
/// written). Versions are the entries' offsets in their partitions.
/// </summary>
/// <remarks>
/// Error contract: a wrong key length, a value over the limit, a batch over
/// <see cref="KeyValueTableConfiguration.MaximumBatchKeyCount"/> or with several primary keys or with removals and
/// updates mixed: <see cref="ArgumentException"/> and nothing is sent. A failed condition: <see cref="BadKeyVersionException"/>
/// (wrong version, or the key exists for an insert) or <see cref="NoSuchKeyException"/> (a version of an absent key),
/// both <see cref="ConditionalTableUpdateException"/>, and nothing of the batch is applied. A table that was deleted:
/// <see cref="KeyValueTableNotFoundException"/>. The store out of reach after the retries:
/// <see cref="Segments.SegmentStoreUnavailableException"/>.
/// </remarks>
public interface IKeyValueTable
{
    string Scope { get; }

    string Name { get; }

    KeyValueTableConfiguration Configuration { get; }

    /// <summary>Sets the value only if the key does not exist; its new version.</summary>
    Task<KeyValueTableVersion> InsertAsync(KeyValueTableKey key, ReadOnlyMemory<byte> value, CancellationToken cancellationToken = default);

    /// <summary>Sets the value, unconditionally or only if the key's version is <paramref name="expectedVersion"/>; its new version.</summary>
    Task<KeyValueTableVersion> PutAsync(KeyValueTableKey key, ReadOnlyMemory<byte> value, KeyValueTableVersion? expectedVersion = null,
        CancellationToken cancellationToken = default);

    /// <summary>Sets the value only if the key's version is <paramref name="expectedVersion"/>; its new version.</summary>
    Task<KeyValueTableVersion> ReplaceAsync(KeyValueTableKey key, ReadOnlyMemory<byte> value, KeyValueTableVersion expectedVersion,
        CancellationToken cancellationToken = default);

    /// <summary>Removes the key, unconditionally (an absent key is no error) or only at <paramref name="expectedVersion"/>.</summary>
    Task RemoveAsync(KeyValueTableKey key, KeyValueTableVersion? expectedVersion = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Applies changes of one primary key atomically (all or none, in one partition); the new versions in order (none
    /// for a batch of removals).
    /// </summary>
    Task<IReadOnlyList<KeyValueTableVersion>> UpdateAsync(IEnumerable<KeyValueModification> modifications, CancellationToken cancellationToken = default);

    /// <summary>The entry, or null when the key does not exist.</summary>
    Task<KeyValueTableEntry?> GetAsync(KeyValueTableKey key, CancellationToken cancellationToken = default);

    /// <summary>The entries in the order of <paramref name="keys"/>, null where a key does not exist; partitions are read in parallel.</summary>
    Task<IReadOnlyList<KeyValueTableEntry?>> GetAllAsync(IEnumerable<KeyValueTableKey> keys, CancellationToken cancellationToken = default);

    /// <summary>Whether the key exists (without reading its value).</summary>
    Task<bool> ExistsAsync(KeyValueTableKey key, CancellationToken cancellationToken = default);

    /// <summary>
    /// The entries in <paramref name="range"/> in unsigned byte order of primary ‖ secondary key, merged across
    /// partitions, read <paramref name="pageSize"/> at a time. Not a snapshot: changes made while iterating may or may
    /// not show, but every key present throughout is returned exactly once.
    /// </summary>
    IAsyncEnumerable<KeyValueTableEntry> EntriesAsync(KeyValueTableRange range, int pageSize = 100, CancellationToken cancellationToken = default);

    /// <summary>As <see cref="EntriesAsync"/>, the keys and versions only.</summary>
    IAsyncEnumerable<KeyValueTableKeyVersion> KeysAsync(KeyValueTableRange range, int pageSize = 100, CancellationToken cancellationToken = default);
}
