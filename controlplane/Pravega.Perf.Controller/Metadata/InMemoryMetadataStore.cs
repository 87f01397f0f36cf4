using System.Text;

namespace Pravega.Perf.Controller.Metadata;

/// <summary>
/// <see cref="IMetadataStore"/> in process memory, with the same version and conflict semantics as the table-segment
/// store: for unit tests of the controller's workflows, and for nothing that must survive a restart.
/// </summary>
public sealed class InMemoryMetadataStore : IMetadataStore
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, SortedDictionary<string, VersionedValue>> _tables = new(StringComparer.Ordinal);
    private long _nextVersion;

    /// <summary>Called before every write; a test throws from it to simulate a crash between two steps.</summary>
    public Action<string, string>? BeforeWrite { get; set; }

    public Task<bool> CreateTableAsync(string table, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_tables.TryAdd(table, new SortedDictionary<string, VersionedValue>(StringComparer.Ordinal)));
        }
    }

    public Task<bool> DeleteTableAsync(string table, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_tables.Remove(table));
        }
    }

    public Task<VersionedValue?> GetAsync(string table, string key, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_tables.TryGetValue(table, out var entries) && entries.TryGetValue(key, out var value) ? value : null);
        }
    }

    public Task<IReadOnlyList<long>> PutAsync(string table, IReadOnlyList<MetadataWrite> writes, CancellationToken cancellationToken)
    {
        foreach (var write in writes)
        {
            BeforeWrite?.Invoke(table, write.Key);
        }
        lock (_lock)
        {
            var entries = Table(table);
            foreach (var write in writes)
            {
                if (!Matches(entries, write.Key, write.ExpectedVersion))
                {
                    throw new MetadataConflictException(table, write.Key);
                }
            }
            var versions = new long[writes.Count];
            for (var i = 0; i < writes.Count; i++)
            {
                versions[i] = ++_nextVersion;
                entries[writes[i].Key] = new VersionedValue(writes[i].Value.ToArray(), versions[i]);
            }
            return Task.FromResult<IReadOnlyList<long>>(versions);
        }
    }

    public Task RemoveAsync(string table, string key, long expectedVersion, CancellationToken cancellationToken)
    {
        BeforeWrite?.Invoke(table, key);
        lock (_lock)
        {
            var entries = Table(table);
            if (expectedVersion != MetadataVersions.Any && !Matches(entries, key, expectedVersion))
            {
                throw new MetadataConflictException(table, key);
            }
            entries.Remove(key);
            return Task.CompletedTask;
        }
    }

    public Task<MetadataPage> ListAsync(string table, int maxEntries, ReadOnlyMemory<byte> continuationToken, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var after = continuationToken.IsEmpty ? null : Encoding.UTF8.GetString(continuationToken.Span);
            var page = Table(table)
                .Where(e => after is null || string.CompareOrdinal(e.Key, after) > 0)
                .Take(maxEntries)
                .Select(e => new MetadataEntry(e.Key, e.Value.Value, e.Value.Version))
                .ToList();
            var token = page.Count == 0 ? continuationToken : Encoding.UTF8.GetBytes(page[^1].Key);
            return Task.FromResult(new MetadataPage(page, token));
        }
    }

    private SortedDictionary<string, VersionedValue> Table(string table) =>
        _tables.TryGetValue(table, out var entries) ? entries : throw new MetadataTableNotFoundException(table);

    private static bool Matches(SortedDictionary<string, VersionedValue> entries, string key, long expectedVersion) =>
        expectedVersion switch
        {
            MetadataVersions.Any => true,
            MetadataVersions.NotExists => !entries.ContainsKey(key),
            _ => entries.TryGetValue(key, out var current) && current.Version == expectedVersion,
        };
}
