using Pravega.Perf.SegmentStore.Contracts.Exceptions;
using Pravega.Perf.SegmentStore.Storage.Compression;

namespace Pravega.Perf.SegmentStore.Storage.FileSystem;

public sealed partial class FileSystemChunkStorage
{
    /// <inheritdoc />
    /// <remarks>
    /// Orphan collection needs the whole root's view: a chunk is an orphan when no segment's metadata names it and its
    /// epoch (read from its file name) is not above this one. If any segment is owned by a newer epoch, this instance
    /// is itself stale and deletes no chunk files at all (<see cref="ReconcileReport.OrphanCollectionSkipped"/>).
    /// </remarks>
    public ValueTask<ReconcileReport> ReconcileAsync(CancellationToken cancellationToken = default) =>
        Guard(string.Empty, ReconcileCore, cancellationToken);

    private ReconcileReport ReconcileCore()
    {
        var report = new ReconcileReport();
        ClearReadHandles();
        var referenced = new HashSet<string>(StringComparer.Ordinal);
        foreach (var directoryName in _fs.ListDirectories(_paths.SegmentsDirectory))
        {
            var directory = Path.Combine(_paths.SegmentsDirectory, directoryName);
            var latest = _metadata.LoadLatest(directory);
            if (latest is null)
            {
                // Only unlinked data (a create that never committed), or emptied by a concat or delete that crashed late.
                report.TempFilesDeleted += _metadata.DeleteUnlinkedData(directory, Epoch);
                _fs.DeleteDirectory(directory);
                continue;
            }
            report.SegmentsChecked++;
            if (latest.OwnerEpoch > Epoch)
            {
                report.SegmentsOwnedByNewerEpoch++;
                AddReferences(latest, referenced);
                continue;
            }
            WithState(latest.Name, s =>
            {
                ReconcileSegment(s, latest, directory, report, referenced);
                return true;
            });
        }
        if (report.SegmentsOwnedByNewerEpoch > 0)
        {
            report.OrphanCollectionSkipped = true;
            return report;
        }
        foreach (var file in _fs.ListFiles(_paths.ChunksDirectory))
        {
            ReconcileChunkFile(file, referenced, report);
        }
        return report;
    }

    private void ReconcileSegment(SegmentState s, SegmentRecord latest, string directory, ReconcileReport report, HashSet<string> referenced)
    {
        if (latest.IsDeleted)
        {
            FinishDelete(s, latest, retire: true);
            report.DeletesCompleted++;
            return;
        }
        SegmentRecord record;
        try
        {
            s.Owned = false;
            s.Record = null;
            s.CloseActive();
            record = Own(s, report);
        }
        catch (StreamSegmentNotExistsException)
        {
            // A concat source whose merge had happened: its metadata is gone now, its chunks belong to the target.
            return;
        }
        _metadata.DeleteStaleVersions(directory, record);
        report.TempFilesDeleted += _metadata.DeleteUnlinkedData(directory, Epoch);
        AddReferences(record, referenced);
        foreach (var chunk in record.Chunks)
        {
            CheckChunkBytes(record, chunk, report);
        }
    }

    /// <summary>Metadata must never point at missing bytes; bytes past the recorded length were never acknowledged.</summary>
    private void CheckChunkBytes(SegmentRecord record, ChunkRecord chunk, ReconcileReport report)
    {
        if (chunk.IsCompressed)
        {
            var path = _paths.CompressedChunkPath(chunk.Name);
            if (_fs.FileLength(path) < 0)
            {
                report.MissingChunks.Add(chunk.Name);
                return;
            }
            using var handle = _fs.OpenRead(path);
            if (CompressedChunkReader.TryOpen(_fs, handle) is not { } reader || reader.RawLength != chunk.Length)
            {
                report.MissingChunks.Add(chunk.Name);
            }
            return;
        }
        var rawPath = _paths.ChunkPath(chunk.Name);
        var length = _fs.FileLength(rawPath);
        if (length < chunk.Length)
        {
            report.MissingChunks.Add(chunk.Name);
        }
        else if (length > chunk.Length)
        {
            EvictReadHandle(chunk.Name);
            using var handle = _fs.OpenReadWrite(rawPath);
            _fs.SetLength(handle, chunk.Length);
            _fs.DataSync(handle);
            report.ChunksTrimmed++;
        }
        _ = record;
    }

    private void ReconcileChunkFile(string file, HashSet<string> referenced, ReconcileReport report)
    {
        if (referenced.Contains(file))
        {
            return;
        }
        var path = Path.Combine(_paths.ChunksDirectory, file);
        if (file.EndsWith(StoragePaths.TempSuffix, StringComparison.Ordinal))
        {
            DeleteQuietly(path);
            report.TempFilesDeleted++;
            return;
        }
        var compressed = file.EndsWith(StoragePaths.CompressedSuffix, StringComparison.Ordinal);
        var baseName = compressed ? file[..^StoragePaths.CompressedSuffix.Length] : file;
        if (!ChunkName.TryParse(baseName, out _, out var epoch, out _) || epoch > Epoch)
        {
            // Not a chunk of ours, or a chunk a newer owner is writing right now.
            return;
        }
        DeleteQuietly(path);
        if (referenced.Contains(compressed ? baseName : file + StoragePaths.CompressedSuffix))
        {
            report.CompressionLeftoversDeleted++;
        }
        else
        {
            report.OrphanChunksDeleted++;
        }
    }

    private static void AddReferences(SegmentRecord record, HashSet<string> referenced)
    {
        foreach (var chunk in record.Chunks)
        {
            var file = StoragePaths.ChunkFileName(chunk.Name);
            referenced.Add(chunk.IsCompressed ? file + StoragePaths.CompressedSuffix : file);
        }
    }
}
