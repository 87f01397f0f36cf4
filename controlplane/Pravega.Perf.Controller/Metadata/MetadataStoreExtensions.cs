namespace Pravega.Perf.Controller.Metadata;

/// <summary>Typed reads and writes of JSON records (<see cref="MetadataJson"/>).</summary>
public static class MetadataStoreExtensions
{
    /// <summary>The record, or null when it (or its table) does not exist.</summary>
    public static async Task<Versioned<T>?> GetAsync<T>(this IMetadataStore store, string table, string key, CancellationToken cancellationToken)
    {
        var value = await store.GetAsync(table, key, cancellationToken).ConfigureAwait(false);
        return value is null ? null : new Versioned<T>(MetadataJson.Deserialize<T>(value.Value), value.Version);
    }

    /// <summary>Writes one record conditionally; returns its new version.</summary>
    public static async Task<long> PutAsync<T>(this IMetadataStore store, string table, string key, T value, long expectedVersion,
        CancellationToken cancellationToken)
    {
        var versions = await store.PutAsync(table, [new MetadataWrite(key, MetadataJson.Serialize(value), expectedVersion)], cancellationToken)
            .ConfigureAwait(false);
        return versions[0];
    }

    /// <summary>Writes a record that must not exist yet; false (nothing written) when it already does.</summary>
    public static async Task<bool> TryInsertAsync<T>(this IMetadataStore store, string table, string key, T value, CancellationToken cancellationToken)
    {
        try
        {
            await store.PutAsync(table, key, value, MetadataVersions.NotExists, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (MetadataConflictException)
        {
            return false;
        }
    }

    /// <summary>Every entry of a table, page by page; nothing when the table does not exist.</summary>
    public static async IAsyncEnumerable<MetadataEntry> ListAllAsync(this IMetadataStore store, string table,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ReadOnlyMemory<byte> token = default;
        while (true)
        {
            MetadataPage page;
            try
            {
                page = await store.ListAsync(table, 100, token, cancellationToken).ConfigureAwait(false);
            }
            catch (MetadataTableNotFoundException)
            {
                yield break;
            }
            if (page.Entries.Count == 0)
            {
                yield break;
            }
            foreach (var entry in page.Entries)
            {
                yield return entry;
            }
            token = page.ContinuationToken;
        }
    }
}
