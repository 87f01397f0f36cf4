using Pravega.Perf.Client.Segments;

namespace Pravega.Perf.Client.Tables;

/// <summary>
/// A key-value table over its partitions' fixed-key-length table segments (Pravega's <c>KeyValueTableImpl</c>). Made
/// by <see cref="KeyValueTableFactory"/>, whose connections it uses; it holds nothing to close itself.
/// </summary>
public sealed partial class KeyValueTable : IKeyValueTable
{
    private readonly KeyValueTablePartitions _partitions;
    private readonly SegmentStoreClient _segments;

    internal KeyValueTable(string scope, string name, KeyValueTableConfiguration configuration, KeyValueTablePartitions partitions, SegmentStoreClient segments)
    {
        Scope = scope;
        Name = name;
        Configuration = configuration;
        _partitions = partitions;
        _segments = segments;
    }

    public string Scope { get; }

    public string Name { get; }

    public KeyValueTableConfiguration Configuration { get; }

    private string ScopedName => $"{Scope}/{Name}";

    public Task<KeyValueTableVersion> InsertAsync(KeyValueTableKey key, ReadOnlyMemory<byte> value, CancellationToken cancellationToken = default) =>
        UpdateOneAsync(KeyValueModification.Insert(key, value), cancellationToken);

    public Task<KeyValueTableVersion> PutAsync(KeyValueTableKey key, ReadOnlyMemory<byte> value, KeyValueTableVersion? expectedVersion = null,
        CancellationToken cancellationToken = default) =>
        UpdateOneAsync(expectedVersion is { } version ? KeyValueModification.Put(key, value, version) : KeyValueModification.Put(key, value), cancellationToken);

    public Task<KeyValueTableVersion> ReplaceAsync(KeyValueTableKey key, ReadOnlyMemory<byte> value, KeyValueTableVersion expectedVersion,
        CancellationToken cancellationToken = default) =>
        UpdateOneAsync(KeyValueModification.Put(key, value, expectedVersion), cancellationToken);

    public Task RemoveAsync(KeyValueTableKey key, KeyValueTableVersion? expectedVersion = null, CancellationToken cancellationToken = default) =>
        UpdateAsync([expectedVersion is { } version ? KeyValueModification.Remove(key, version) : KeyValueModification.Remove(key)], cancellationToken);

    public async Task<IReadOnlyList<KeyValueTableVersion>> UpdateAsync(IEnumerable<KeyValueModification> modifications, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(modifications);
        var batch = modifications.ToList();
        if (batch.Count == 0)
        {
            return [];
        }
        // Everything is checked before anything is sent, so a refused batch has no side effect.
        ValidateBatch(batch);
        var partition = _partitions.For(batch[0].Key.PrimaryKey.Span);
        foreach (var modification in batch)
        {
            CheckVersionPartition(partition, modification.ExpectedVersion);
        }
        if (batch[0].IsRemoval)
        {
            var removals = batch.Select(m => new TableRemoval(SegmentKey(m.Key), m.ExpectedVersion.SegmentVersion)).ToList();
            await CallAsync(() => _segments.RemoveTableKeysAsync(partition.SegmentName, removals, cancellationToken)).ConfigureAwait(false);
            return [];
        }
        var updates = batch.Select(m => new TableUpdate(SegmentKey(m.Key), m.Value, m.ExpectedVersion.SegmentVersion)).ToList();
        var versions = await CallAsync(() => _segments.UpdateTableEntriesAsync(partition.SegmentName, updates, cancellationToken)).ConfigureAwait(false);
        return versions.Select(v => new KeyValueTableVersion(partition.SegmentId, v)).ToList();
    }

    public async Task<KeyValueTableEntry?> GetAsync(KeyValueTableKey key, CancellationToken cancellationToken = default) =>
        (await GetAllAsync([key], cancellationToken).ConfigureAwait(false))[0];

    public async Task<IReadOnlyList<KeyValueTableEntry?>> GetAllAsync(IEnumerable<KeyValueTableKey> keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var all = keys.ToList();
        foreach (var key in all)
        {
            ValidateKey(key);
        }
        var result = new KeyValueTableEntry?[all.Count];
        // One read per partition, all at once; each answer is put back at its keys' positions.
        var reads = all.Select((key, index) => (Key: key, Index: index))
            .GroupBy(k => _partitions.For(k.Key.PrimaryKey.Span))
            .Select(async group =>
            {
                var members = group.ToList();
                var values = await CallAsync(() => _segments.ReadTableAsync(group.Key.SegmentName, members.Select(m => SegmentKey(m.Key)).ToList(), cancellationToken))
                    .ConfigureAwait(false);
                for (var i = 0; i < members.Count; i++)
                {
                    result[members[i].Index] = values[i] is { } value
                        ? new KeyValueTableEntry(members[i].Key, new KeyValueTableVersion(group.Key.SegmentId, value.Version), value.Value)
                        : null;
                }
            });
        await Task.WhenAll(reads).ConfigureAwait(false);
        return result;
    }

    public async Task<bool> ExistsAsync(KeyValueTableKey key, CancellationToken cancellationToken = default)
    {
        // As Pravega's client: a removal conditioned on the key being absent changes nothing either way, and fails
        // exactly when the key exists; unlike a get it does not bring the value over the wire.
        try
        {
            await RemoveAsync(key, KeyValueTableVersion.NotExists, cancellationToken).ConfigureAwait(false);
            return false;
        }
        catch (ConditionalTableUpdateException)
        {
            return true;
        }
    }

    private async Task<KeyValueTableVersion> UpdateOneAsync(KeyValueModification modification, CancellationToken cancellationToken) =>
        (await UpdateAsync([modification], cancellationToken).ConfigureAwait(false))[0];

    private void ValidateBatch(List<KeyValueModification> batch)
    {
        if (batch.Count > KeyValueTableConfiguration.MaximumBatchKeyCount)
        {
            throw new ArgumentException($"An update may change at most {KeyValueTableConfiguration.MaximumBatchKeyCount} keys; given {batch.Count}.");
        }
        var first = batch[0];
        foreach (var modification in batch)
        {
            ArgumentNullException.ThrowIfNull(modification);
            ValidateKey(modification.Key);
            if (!modification.Key.PrimaryKey.Span.SequenceEqual(first.Key.PrimaryKey.Span))
            {
                throw new ArgumentException("All keys of one update must have the same primary key.");
            }
            if (modification.IsRemoval != first.IsRemoval)
            {
                throw new ArgumentException("One update cannot mix removals with insertions or puts.");
            }
            if (modification.Value.Length > KeyValueTableConfiguration.MaximumValueLength)
            {
                throw new ArgumentException($"A value may have at most {KeyValueTableConfiguration.MaximumValueLength} bytes; given {modification.Value.Length}.");
            }
        }
    }

    private void ValidateKey(KeyValueTableKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.PrimaryKey.Length != Configuration.PrimaryKeyLength)
        {
            throw new ArgumentException($"A primary key of '{ScopedName}' must have {Configuration.PrimaryKeyLength} bytes; given {key.PrimaryKey.Length}.");
        }
        if (key.SecondaryKey.Length != Configuration.SecondaryKeyLength)
        {
            throw new ArgumentException($"A secondary key of '{ScopedName}' must have {Configuration.SecondaryKeyLength} bytes; given {key.SecondaryKey.Length}.");
        }
    }

    /// <summary>A version read from one partition means nothing in another (Pravega's "Wrong TableSegment").</summary>
    private void CheckVersionPartition(KeyValueTablePartition partition, KeyValueTableVersion version)
    {
        if (version.SegmentId != KeyValueTableVersion.NoSegmentId && version.SegmentId != partition.SegmentId)
        {
            throw new BadKeyVersionException(ScopedName, $"version {version} belongs to another partition than {partition.SegmentName}");
        }
    }

    /// <summary>The table-segment key: primary ‖ secondary, with no framing (what Pravega's client writes).</summary>
    private static ReadOnlyMemory<byte> SegmentKey(KeyValueTableKey key)
    {
        if (key.SecondaryKey.IsEmpty)
        {
            return key.PrimaryKey;
        }
        var bytes = new byte[key.PrimaryKey.Length + key.SecondaryKey.Length];
        key.PrimaryKey.Span.CopyTo(bytes);
        key.SecondaryKey.Span.CopyTo(bytes.AsSpan(key.PrimaryKey.Length));
        return bytes;
    }

    private KeyValueTableKey FromSegmentKey(ReadOnlyMemory<byte> key)
    {
        if (key.Length != Configuration.TotalKeyLength)
        {
            throw new InvalidDataException($"'{ScopedName}' returned a key of {key.Length} bytes; its keys have {Configuration.TotalKeyLength}.");
        }
        return new KeyValueTableKey(key[..Configuration.PrimaryKeyLength], key[Configuration.PrimaryKeyLength..]);
    }

    /// <summary>Runs a table-segment call, turning the store's answers into the table's error contract.</summary>
    private async Task<T> CallAsync<T>(Func<Task<T>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (TableKeyBadVersionException e)
        {
            throw new BadKeyVersionException(ScopedName, "a key's version did not match (or an inserted key exists)", e);
        }
        catch (TableKeyNotFoundException e)
        {
            throw new NoSuchKeyException(ScopedName, e);
        }
        catch (SegmentNotFoundException e)
        {
            throw new KeyValueTableNotFoundException(ScopedName, e);
        }
    }

    private Task CallAsync(Func<Task> call) => CallAsync(async () =>
    {
        await call().ConfigureAwait(false);
        return true;
    });
}
