using System.Text;
using Pravega.Perf.Client.Segments;

namespace Pravega.Perf.Controller.Metadata;

/// <summary>
/// <see cref="IMetadataStore"/> on table segments of the segment store, reached through the client's segment layer (the
/// controller keeps no state of its own: ARCHITECTURE.md §4). Keys are UTF-8; a record's version is the table segment's
/// version of its key (an offset), so conditional writes are the table segment's conditional updates.
/// </summary>
/// <remarks>
/// A write retried by the segment client after a lost connection can report a version conflict although its first
/// attempt was applied. Callers therefore treat a conflict as "re-read and decide", never as "it was not written".
/// </remarks>
public sealed class TableSegmentMetadataStore(SegmentStoreClient segments) : IMetadataStore
{
    public Task<bool> CreateTableAsync(string table, CancellationToken cancellationToken) =>
        segments.CreateTableSegmentAsync(table, 0, cancellationToken: cancellationToken);

    public Task<bool> DeleteTableAsync(string table, CancellationToken cancellationToken) =>
        segments.DeleteTableSegmentAsync(table, mustBeEmpty: false, cancellationToken);

    public async Task<VersionedValue?> GetAsync(string table, string key, CancellationToken cancellationToken)
    {
        try
        {
            var values = await segments.ReadTableAsync(table, [Encoding.UTF8.GetBytes(key)], cancellationToken).ConfigureAwait(false);
            return values[0] is { } value ? new VersionedValue(value.Value, value.Version) : null;
        }
        catch (SegmentNotFoundException)
        {
            return null;
        }
    }

    public async Task<IReadOnlyList<long>> PutAsync(string table, IReadOnlyList<MetadataWrite> writes, CancellationToken cancellationToken)
    {
        var updates = writes.Select(w => new TableUpdate(Encoding.UTF8.GetBytes(w.Key), w.Value, ToTableVersion(w.ExpectedVersion))).ToList();
        try
        {
            return await segments.UpdateTableEntriesAsync(table, updates, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is TableKeyBadVersionException or TableKeyNotFoundException)
        {
            throw new MetadataConflictException(table, writes.Count == 1 ? writes[0].Key : null, e);
        }
        catch (SegmentNotFoundException e)
        {
            throw new MetadataTableNotFoundException(table, e);
        }
    }

    public async Task RemoveAsync(string table, string key, long expectedVersion, CancellationToken cancellationToken)
    {
        try
        {
            await segments.RemoveTableKeysAsync(table, [new TableRemoval(Encoding.UTF8.GetBytes(key), ToTableVersion(expectedVersion))], cancellationToken)
                .ConfigureAwait(false);
        }
        catch (Exception e) when (e is TableKeyBadVersionException or TableKeyNotFoundException)
        {
            if (expectedVersion != MetadataVersions.Any)
            {
                throw new MetadataConflictException(table, key, e);
            }
        }
        catch (SegmentNotFoundException) when (expectedVersion == MetadataVersions.Any)
        {
            // Nothing to remove.
        }
        catch (SegmentNotFoundException e)
        {
            throw new MetadataTableNotFoundException(table, e);
        }
    }

    public async Task<MetadataPage> ListAsync(string table, int maxEntries, ReadOnlyMemory<byte> continuationToken, CancellationToken cancellationToken)
    {
        try
        {
            var page = await segments.ReadTableEntriesAsync(table, maxEntries, continuationToken, cancellationToken).ConfigureAwait(false);
            var entries = page.Entries.Select(e => new MetadataEntry(Encoding.UTF8.GetString(e.Key.Span), e.Value, e.Version)).ToList();
            return new MetadataPage(entries, entries.Count == 0 ? continuationToken : page.ContinuationToken);
        }
        catch (SegmentNotFoundException e)
        {
            throw new MetadataTableNotFoundException(table, e);
        }
    }

    private static long ToTableVersion(long expectedVersion) => expectedVersion switch
    {
        MetadataVersions.Any => TableVersions.NoVersion,
        MetadataVersions.NotExists => TableVersions.NotExists,
        _ => expectedVersion,
    };
}
