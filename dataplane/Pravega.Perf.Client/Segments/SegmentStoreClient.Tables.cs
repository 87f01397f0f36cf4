using System.Buffers;
using Pravega.Perf.Wire.Commands;
using Pravega.Perf.Wire.Replies;
using WireTableEntry = Pravega.Perf.Wire.Commands.TableEntry;
using WireTableKey = Pravega.Perf.Wire.Commands.TableKey;

namespace Pravega.Perf.Client.Segments;

public sealed partial class SegmentStoreClient
{
    /// <summary>Creates a table segment (<paramref name="keyLength"/> 0 = variable keys, hashed; <paramref name="rolloverSizeBytes"/>
    /// 0 = the store's default); false when it existed.</summary>
    public async Task<bool> CreateTableSegmentAsync(string table, int keyLength = 0, long rolloverSizeBytes = 0, CancellationToken cancellationToken = default)
    {
        var reply = await RequestAsync(table, id => new CreateTableSegment(id, table, Token, false, keyLength, rolloverSizeBytes), cancellationToken)
            .ConfigureAwait(false);
        return reply.Kind switch
        {
            ReplyKind.Success => true,
            ReplyKind.SegmentExists => false,
            _ => throw Unexpected(table, reply),
        };
    }

    /// <summary>Deletes a table segment; false when it did not exist; <see cref="TableSegmentNotEmptyException"/> if
    /// <paramref name="mustBeEmpty"/> and it has entries.</summary>
    public async Task<bool> DeleteTableSegmentAsync(string table, bool mustBeEmpty = false, CancellationToken cancellationToken = default)
    {
        var reply = await RequestAsync(table, id => new DeleteTableSegment(id, table, mustBeEmpty, Token), cancellationToken).ConfigureAwait(false);
        return reply.Kind switch
        {
            ReplyKind.Success => true,
            ReplyKind.SegmentMissing => false,
            _ => throw Unexpected(table, reply),
        };
    }

    /// <summary>
    /// Writes the entries atomically, each conditional on its <see cref="TableUpdate.ExpectedVersion"/>; returns the new
    /// versions in order. A failed condition is <see cref="TableKeyBadVersionException"/> or
    /// <see cref="TableKeyNotFoundException"/>, and nothing is written.
    /// </summary>
    /// <remarks>
    /// When a connection breaks after the store applied a batch but before its reply arrived, the retry meets the new
    /// versions and reports a version conflict although the batch was applied. Callers that must know re-read the keys.
    /// </remarks>
    public async Task<IReadOnlyList<long>> UpdateTableEntriesAsync(string table, IReadOnlyList<TableUpdate> updates, CancellationToken cancellationToken = default)
    {
        var entries = updates.Select(u => new WireTableEntry(new WireTableKey(new ReadOnlySequence<byte>(u.Key), u.ExpectedVersion),
            new ReadOnlySequence<byte>(u.Value))).ToArray();
        var reply = await RequestAsync(table, id => new UpdateTableEntries(id, table, Token, entries, -1), cancellationToken).ConfigureAwait(false);
        return reply.Command is TableEntriesUpdated updated ? updated.UpdatedVersions : throw Unexpected(table, reply);
    }

    /// <summary>The value and version of each key, null where the key does not exist.</summary>
    public async Task<IReadOnlyList<TableValue?>> ReadTableAsync(string table, IReadOnlyList<ReadOnlyMemory<byte>> keys, CancellationToken cancellationToken = default)
    {
        var wireKeys = keys.Select(k => new WireTableKey(new ReadOnlySequence<byte>(k), TableVersions.NoVersion)).ToArray();
        var reply = await RequestAsync(table, id => new ReadTable(id, table, Token, wireKeys), cancellationToken).ConfigureAwait(false);
        if (reply.Command is not TableRead read)
        {
            throw Unexpected(table, reply);
        }
        // The store answers one entry per key, in order; a missing key comes back with version NOT_EXISTS.
        return read.Entries.Select(e => e.Key.KeyVersion == TableVersions.NotExists ? null : new TableValue(e.Value.ToArray(), e.Key.KeyVersion)).ToList();
    }

    /// <summary>Removes keys, each conditional on its version (<see cref="TableVersions.NoVersion"/>: whatever it is; an
    /// absent key is then no error).</summary>
    public async Task RemoveTableKeysAsync(string table, IReadOnlyList<TableRemoval> keys, CancellationToken cancellationToken = default)
    {
        var wireKeys = keys.Select(k => new WireTableKey(new ReadOnlySequence<byte>(k.Key), k.ExpectedVersion)).ToArray();
        var reply = await RequestAsync(table, id => new RemoveTableKeys(id, table, Token, wireKeys, -1), cancellationToken).ConfigureAwait(false);
        if (reply.Kind != ReplyKind.Success)
        {
            throw Unexpected(table, reply);
        }
    }

    /// <summary>Up to about <paramref name="suggestedCount"/> entries after <paramref name="continuationToken"/> (empty = from the start).</summary>
    public async Task<TableEntryPage> ReadTableEntriesAsync(string table, int suggestedCount, ReadOnlyMemory<byte> continuationToken, CancellationToken cancellationToken = default)
    {
        var args = new TableIteratorArgs(new ReadOnlySequence<byte>(continuationToken), ReadOnlySequence<byte>.Empty, ReadOnlySequence<byte>.Empty);
        var reply = await RequestAsync(table, id => new ReadTableEntries(id, table, Token, suggestedCount, args), cancellationToken).ConfigureAwait(false);
        if (reply.Command is not TableEntriesRead read)
        {
            throw Unexpected(table, reply);
        }
        var entries = read.Entries.Select(e => new TableEntryRecord(e.Key.Data.ToArray(), e.Value.ToArray(), e.Key.KeyVersion)).ToList();
        return new TableEntryPage(entries, read.ContinuationToken.ToArray());
    }

    /// <summary>
    /// Up to about <paramref name="suggestedCount"/> entries of a fixed-key-length table segment whose keys lie in
    /// [<paramref name="fromKey"/>, <paramref name="toKey"/>], in unsigned byte order. An empty page means none is left.
    /// </summary>
    public async Task<IReadOnlyList<TableEntryRecord>> ReadTableEntriesInRangeAsync(string table, int suggestedCount, ReadOnlyMemory<byte> fromKey,
        ReadOnlyMemory<byte> toKey, CancellationToken cancellationToken = default)
    {
        var args = RangeArgs(fromKey, toKey);
        var reply = await RequestAsync(table, id => new ReadTableEntries(id, table, Token, suggestedCount, args), cancellationToken).ConfigureAwait(false);
        return reply.Command is TableEntriesRead read
            ? read.Entries.Select(e => new TableEntryRecord(e.Key.Data.ToArray(), e.Value.ToArray(), e.Key.KeyVersion)).ToList()
            : throw Unexpected(table, reply);
    }

    /// <summary>As <see cref="ReadTableEntriesInRangeAsync"/>, the keys and versions only (the values stay in the store).</summary>
    public async Task<IReadOnlyList<TableEntryRecord>> ReadTableKeysInRangeAsync(string table, int suggestedCount, ReadOnlyMemory<byte> fromKey,
        ReadOnlyMemory<byte> toKey, CancellationToken cancellationToken = default)
    {
        var args = RangeArgs(fromKey, toKey);
        var reply = await RequestAsync(table, id => new ReadTableKeys(id, table, Token, suggestedCount, args), cancellationToken).ConfigureAwait(false);
        return reply.Command is TableKeysRead read
            ? read.Keys.Select(k => new TableEntryRecord(k.Data.ToArray(), ReadOnlyMemory<byte>.Empty, k.KeyVersion)).ToList()
            : throw Unexpected(table, reply);
    }

    // No continuation token: like Pravega's client, the caller resumes from the successor of the last key it got, so a
    // page stands on its own and survives the store's restart or a change of owner.
    private static TableIteratorArgs RangeArgs(ReadOnlyMemory<byte> fromKey, ReadOnlyMemory<byte> toKey) =>
        new(ReadOnlySequence<byte>.Empty, new ReadOnlySequence<byte>(fromKey), new ReadOnlySequence<byte>(toKey));
}
