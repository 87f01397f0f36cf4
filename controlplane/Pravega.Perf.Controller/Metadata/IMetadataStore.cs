namespace Pravega.Perf.Controller.Metadata;

/// <summary>
/// Versioned key-value tables: the only place the controller keeps state (ARCHITECTURE.md §4). In production each
/// table is a table segment on the segment store (<see cref="TableSegmentMetadataStore"/>); versions are then segment
/// offsets. Writes are conditional on versions, which is what serialises two controllers working on the same stream.
/// </summary>
public interface IMetadataStore
{
    /// <summary>Creates the table; false when it already existed.</summary>
    Task<bool> CreateTableAsync(string table, CancellationToken cancellationToken);

    /// <summary>Deletes the table and everything in it; false when it did not exist.</summary>
    Task<bool> DeleteTableAsync(string table, CancellationToken cancellationToken);

    /// <summary>The value and version of a key, or null when the key (or the table) does not exist.</summary>
    Task<VersionedValue?> GetAsync(string table, string key, CancellationToken cancellationToken);

    /// <summary>
    /// Writes the entries atomically, each conditional on its <see cref="MetadataWrite.ExpectedVersion"/>; returns the
    /// new versions in order. Throws <see cref="MetadataConflictException"/> when a condition fails (nothing written) and
    /// <see cref="MetadataTableNotFoundException"/> when the table does not exist.
    /// </summary>
    Task<IReadOnlyList<long>> PutAsync(string table, IReadOnlyList<MetadataWrite> writes, CancellationToken cancellationToken);

    /// <summary>Removes a key if its version is <paramref name="expectedVersion"/> (<see cref="MetadataVersions.Any"/>:
    /// whatever it is; an absent key is then no error). Throws <see cref="MetadataConflictException"/> otherwise.</summary>
    Task RemoveAsync(string table, string key, long expectedVersion, CancellationToken cancellationToken);

    /// <summary>A page of entries after <paramref name="continuationToken"/> (empty = from the start). An empty page
    /// means the end. Throws <see cref="MetadataTableNotFoundException"/> when the table does not exist.</summary>
    Task<MetadataPage> ListAsync(string table, int maxEntries, ReadOnlyMemory<byte> continuationToken, CancellationToken cancellationToken);
}

/// <summary>A value and the version that a conditional write must name to replace it.</summary>
public sealed record VersionedValue(ReadOnlyMemory<byte> Value, long Version);

/// <summary>One conditional write of a batch.</summary>
public sealed record MetadataWrite(string Key, ReadOnlyMemory<byte> Value, long ExpectedVersion);

/// <summary>One entry of a listed page.</summary>
public sealed record MetadataEntry(string Key, ReadOnlyMemory<byte> Value, long Version);

/// <summary>A listed page and the token of the next one.</summary>
public sealed record MetadataPage(IReadOnlyList<MetadataEntry> Entries, ReadOnlyMemory<byte> ContinuationToken);

/// <summary>Special expected versions (the table-segment protocol's).</summary>
public static class MetadataVersions
{
    /// <summary>Unconditional.</summary>
    public const long Any = long.MinValue;

    /// <summary>The key must not exist.</summary>
    public const long NotExists = -1;
}
