using System.Collections.Concurrent;
using Pravega.Perf.SegmentStore.Contracts.Exceptions;
using Pravega.Perf.SegmentStore.Storage.Compression;
using Pravega.Perf.SegmentStore.Storage.Exceptions;
using Pravega.Perf.SegmentStore.Storage.IO;

namespace Pravega.Perf.SegmentStore.Storage.FileSystem;

/// <summary>
/// Tier-2 on a local or NFS file system. Layout under <see cref="FileSystemStorageOptions.Root"/>:
/// <c>segments/&lt;segment&gt;/v&lt;N&gt;.meta</c> (versioned metadata, see <see cref="MetadataStore"/>) and
/// <c>chunks/&lt;chunk name&gt;[.zst]</c> (the bytes).
/// <para>
/// Durability order of every mutation: chunk bytes are written and synced (a new chunk with a full fsync, which also
/// makes its name durable), then the metadata version that points at them is committed. So committed metadata never
/// points at missing bytes, and whatever a crash leaves beyond it (bytes past a chunk's recorded length, chunks no
/// metadata names, temp files) is unacknowledged and is removed by <see cref="ReconcileAsync"/>.
/// </para>
/// <para>
/// All calls complete synchronously: file I/O blocks on Linux whatever the API, so the caller (the container's
/// storage writer loop, or a read-index fetch) decides on which thread it runs.
/// </para>
/// </summary>
public sealed partial class FileSystemChunkStorage : IChunkedSegmentStorage
{
    private const int MaxFenceAttempts = 1000;
    private readonly FileSystemStorageOptions _options;
    private readonly IStorageFileSystem _fs;
    private readonly StoragePaths _paths;
    private readonly MetadataStore _metadata;
    private readonly ZstdCodecs _codecs;
    private readonly ChunkAppenders _appenders;
    private readonly ConcurrentDictionary<string, SegmentState> _segments = new(StringComparer.Ordinal);

    /// <summary>Opens the storage under <paramref name="options"/>' root for the container epoch <paramref name="epoch"/>.</summary>
    public FileSystemChunkStorage(FileSystemStorageOptions options, long epoch, IStorageFileSystem? fileSystem = null)
    {
        options.Validate();
        ArgumentOutOfRangeException.ThrowIfNegative(epoch);
        _options = options;
        _fs = fileSystem ?? LocalStorageFileSystem.Instance;
        _paths = new StoragePaths(options.Root);
        _metadata = new MetadataStore(_fs);
        _codecs = new ZstdCodecs(options.CompressionLevel);
        _appenders = new ChunkAppenders(_fs, options.WriteMode);
        Epoch = epoch;
    }

    /// <inheritdoc />
    public long Epoch { get; }

    /// <summary>The storage root (absolute).</summary>
    public string Root => _paths.Root;

    /// <inheritdoc />
    public ValueTask<SegmentStorageInfo> CreateAsync(string segmentName, CancellationToken cancellationToken = default) =>
        Guard(segmentName, () => WithState(segmentName, CreateCore), cancellationToken);

    /// <inheritdoc />
    public ValueTask<SegmentStorageInfo> OpenWriteAsync(string segmentName, CancellationToken cancellationToken = default) =>
        Guard(segmentName, () => WithState(segmentName, s => Own(s).ToInfo()), cancellationToken);

    /// <inheritdoc />
    public ValueTask<bool> ExistsAsync(string segmentName, CancellationToken cancellationToken = default) =>
        Guard(segmentName, () =>
        {
            if (_segments.TryGetValue(segmentName, out var s) && s.Owned && !s.Removed)
            {
                return true;
            }
            var record = _metadata.LoadLatest(_paths.SegmentDirectory(segmentName));
            return record is not null && !record.IsDeleted && record.Name == segmentName;
        }, cancellationToken);

    /// <inheritdoc />
    public ValueTask<SegmentStorageInfo> GetInfoAsync(string segmentName, CancellationToken cancellationToken = default) =>
        Guard(segmentName, () => RecordForRead(segmentName, fresh: true).ToInfo(), cancellationToken);

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<ChunkInfo>> ListChunksAsync(string segmentName, CancellationToken cancellationToken = default) =>
        Guard<IReadOnlyList<ChunkInfo>>(segmentName, () => [.. RecordForRead(segmentName, fresh: true).Chunks.Select(c => c.ToInfo())], cancellationToken);

    /// <summary>How chunk bytes are written (<see cref="FileSystemStorageOptions.WriteMode"/>); null while Auto has not
    /// probed the chunks directory yet (it does at the first chunk).</summary>
    public ChunkWriteModeChoice? WriteMode => _appenders.Choice;

    /// <summary>What compression did so far.</summary>
    public CompressionStatistics CompressionStatistics =>
        new(_chunksCompressed, _chunksLeftRaw, _compressedRawBytes, _compressedStoredBytes, _compressionFailures, _lastCompressionFailure);

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        foreach (var s in _segments.Values)
        {
            lock (s.Gate)
            {
                s.CloseActive();
            }
        }
        _segments.Clear();
        ClearReadHandles();
        _codecs.Dispose();
        _appenders.Dispose();
        return ValueTask.CompletedTask;
    }

    private SegmentStorageInfo CreateCore(SegmentState s)
    {
        var existing = _metadata.LoadLatest(s.Directory);
        if (existing is not null && existing.Name != s.Name)
        {
            throw new IOException($"segment directory '{s.Directory}' holds '{existing.Name}', a name that escapes to the same path as '{s.Name}'");
        }
        if (existing is not null && existing.OwnerEpoch > Epoch)
        {
            throw new StorageFencedException(s.Name, Epoch, existing.OwnerEpoch);
        }
        if (existing is { IsDeleted: false })
        {
            if (existing.MergedInto is null || ResolveMergeSource(s, existing, report: null) is not null)
            {
                throw new StreamSegmentExistsException(s.Name);
            }
            existing = null;
        }
        if (existing is { IsDeleted: true })
        {
            FinishDelete(s, existing, retire: false);
        }
        var record = new SegmentRecord { Name = s.Name, Version = 1, OwnerEpoch = Epoch, IsFence = true };
        Commit(s, previous: null, record);
        s.Owned = true;
        return record.ToInfo();
    }

    /// <summary>
    /// Makes this epoch the owner of the segment (under <see cref="SegmentState.Gate"/>): fences lower epochs out with a
    /// fence version and finishes an interrupted concat on either side.
    /// </summary>
    private SegmentRecord Own(SegmentState s, ReconcileReport? report = null)
    {
        if (s.Owned && s.Record is { MergedInto: null, PendingMergeSource: null } owned)
        {
            return owned;
        }
        for (var attempt = 1; ; attempt++)
        {
            var record = s.Owned ? s.Record : _metadata.LoadLatest(s.Directory);
            if (record is null || record.IsDeleted || record.Name != s.Name)
            {
                throw new StreamSegmentNotExistsException(s.Name);
            }
            if (record.OwnerEpoch > Epoch)
            {
                throw new StorageFencedException(s.Name, Epoch, record.OwnerEpoch);
            }
            if (record.OwnerEpoch < Epoch)
            {
                // The fence: the old owner may be committing right now and win this version number; then read its
                // newer record and aim at the next number, until our fence lands.
                var fence = record.Next(Epoch);
                if (!_metadata.TryCommit(s.Directory, fence, record))
                {
                    if (attempt == MaxFenceAttempts)
                    {
                        throw new IOException($"could not fence segment '{s.Name}' in {MaxFenceAttempts} attempts: its old owner keeps committing");
                    }
                    continue;
                }
                record = fence;
                if (report is not null)
                {
                    report.SegmentsFenced++;
                }
            }
            s.Record = record;
            s.Owned = true;
            if (record.MergedInto is not null)
            {
                record = ResolveMergeSource(s, record, report) ?? throw new StreamSegmentNotExistsException(s.Name);
            }
            if (record.PendingMergeSource is not null)
            {
                record = FinishMergeTarget(s, record, report);
            }
            return record;
        }
    }

    /// <summary>Commits <paramref name="next"/>; on a lost compare-and-swap reloads and reports who won.</summary>
    private SegmentRecord Commit(SegmentState s, SegmentRecord? previous, SegmentRecord next)
    {
        if (_metadata.TryCommit(s.Directory, next, previous))
        {
            s.Record = next;
            return next;
        }
        var latest = _metadata.LoadLatest(s.Directory);
        s.Owned = false;
        s.Record = null;
        s.CloseActive();
        if (latest is not null && latest.OwnerEpoch > Epoch)
        {
            throw new StorageFencedException(s.Name, Epoch, latest.OwnerEpoch);
        }
        if (previous is null)
        {
            throw new StreamSegmentExistsException(s.Name);
        }
        throw new IOException($"metadata version {next.Version} of segment '{s.Name}' was taken by another writer of epoch {latest?.OwnerEpoch}; state reloaded");
    }

    /// <summary>Runs <paramref name="body"/> under the segment's gate, retrying on a state that a delete or merge retired.</summary>
    private T WithState<T>(string segmentName, Func<SegmentState, T> body)
    {
        while (true)
        {
            var s = GetState(segmentName);
            lock (s.Gate)
            {
                if (!s.Removed)
                {
                    return body(s);
                }
            }
        }
    }

    private SegmentState GetState(string segmentName) =>
        _segments.GetOrAdd(segmentName, static (name, paths) => new SegmentState(name, paths.SegmentDirectory(name)), _paths);

    private void Retire(SegmentState s)
    {
        s.CloseActive();
        s.Removed = true;
        s.Owned = false;
        _segments.TryRemove(new KeyValuePair<string, SegmentState>(s.Name, s));
    }

    private ValueTask<T> Guard<T>(string segmentName, Func<T> body, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled<T>(cancellationToken);
        }
        try
        {
            return ValueTask.FromResult(body());
        }
        catch (Exception e) when (StorageErrors.Translate(segmentName, _paths.Root, e) is { } typed)
        {
            return ValueTask.FromException<T>(typed);
        }
        catch (Exception e)
        {
            return ValueTask.FromException<T>(e);
        }
    }

    private ValueTask GuardVoid(string segmentName, Func<bool> body, CancellationToken cancellationToken)
    {
        var result = Guard(segmentName, body, cancellationToken);
        return result.IsCompletedSuccessfully ? ValueTask.CompletedTask : new ValueTask(result.AsTask());
    }
}
