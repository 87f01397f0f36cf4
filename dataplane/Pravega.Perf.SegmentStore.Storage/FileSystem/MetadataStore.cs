using System.Globalization;
using Pravega.Perf.SegmentStore.Storage.IO;

namespace Pravega.Perf.SegmentStore.Storage.FileSystem;

/// <summary>
/// A segment's metadata as numbered, immutable version files <c>v&lt;version&gt;.meta</c> in its directory.
/// <para>
/// Commit of version N: write the record to a temp file, fsync it, link it to <c>vN.meta</c> with a no-replace
/// rename (link(2), which fails when the name exists: a compare-and-swap that the NFS server decides, not a client
/// cache), fsync the file again so the new name is durable, then delete version N-1. Two owners racing for the same
/// N cannot both win, and a loser learns of the winner at once.
/// </para>
/// <para>
/// Fencing: a new owner commits the next version with its epoch (a "fence" version). The old owner's next commit
/// aims at that same number and fails. Fence versions are never deleted, so that number stays taken however long
/// the old owner was paused; after any successful link the committer also checks that no higher version exists
/// (which would mean it linked into a hole left by a deleted version) and otherwise backs out.
/// </para>
/// <para>
/// The latest version is the valid file with the highest (epoch, version). A torn temp file is never linked,
/// a crash leaves at most a temp file (deleted by reconciliation) and an extra older version (ignored, then deleted).
/// </para>
/// </summary>
internal sealed class MetadataStore
{
    private const string Prefix = "v";
    private const string Suffix = ".meta";
    private readonly IStorageFileSystem _fs;

    public MetadataStore(IStorageFileSystem fs)
    {
        _fs = fs;
    }

    /// <summary>The latest valid record in <paramref name="directory"/>, or null when there is none.</summary>
    public SegmentRecord? LoadLatest(string directory)
    {
        while (true)
        {
            SegmentRecord? best = null;
            var vanished = false;
            foreach (var (version, file) in Versions(directory).OrderByDescending(v => v.Version))
            {
                var record = TryRead(Path.Combine(directory, file), out var missing);
                if (missing)
                {
                    // The owner superseded and deleted it after we listed: a newer version exists, list again
                    // rather than fall back to an older (fence) version.
                    vanished = true;
                    break;
                }
                if (record is null || record.Version != version)
                {
                    continue;
                }
                if (best is null || record.OwnerEpoch > best.OwnerEpoch)
                {
                    best = record;
                }
            }
            if (!vanished)
            {
                return best;
            }
        }
    }

    /// <summary>Commits <paramref name="next"/> (version = previous + 1); false when another owner took that version.</summary>
    public bool TryCommit(string directory, SegmentRecord next, SegmentRecord? previous)
    {
        if (previous is null)
        {
            _fs.CreateDirectory(directory);
        }
        var bytes = SegmentRecordSerializer.Serialize(next);
        var temp = Path.Combine(directory, Guid.NewGuid().ToString("N") + StoragePaths.TempSuffix);
        using (var handle = _fs.CreateNew(temp))
        {
            _fs.Write(handle, 0, bytes);
            _fs.FullSync(handle);
        }
        var target = Path.Combine(directory, FileName(next.Version));
        if (!_fs.MoveNoReplace(temp, target))
        {
            _fs.DeleteFile(temp);
            return false;
        }
        using (var handle = _fs.OpenReadWrite(target))
        {
            _fs.FullSync(handle);
        }
        if (Versions(directory).Any(v => v.Version > next.Version))
        {
            // We linked into a hole below a newer owner's versions: that owner fenced us. Back out.
            _fs.DeleteFile(target);
            return false;
        }
        if (previous is not null && !previous.IsFence)
        {
            _fs.DeleteFile(Path.Combine(directory, FileName(previous.Version)));
        }
        return true;
    }

    /// <summary>Deletes every version (oldest first, so a crash never exposes an older state) and the directory.</summary>
    public void DeleteAll(string directory)
    {
        foreach (var file in _fs.ListFiles(directory))
        {
            if (file.EndsWith(StoragePaths.TempSuffix, StringComparison.Ordinal))
            {
                _fs.DeleteFile(Path.Combine(directory, file));
            }
        }
        foreach (var (_, file) in Versions(directory).OrderBy(v => v.Version))
        {
            _fs.DeleteFile(Path.Combine(directory, file));
        }
        _fs.DeleteDirectory(directory);
    }

    /// <summary>Deletes versions that are neither the latest nor fences (left by a crash between link and delete).</summary>
    public int DeleteStaleVersions(string directory, SegmentRecord latest)
    {
        var deleted = 0;
        foreach (var (version, file) in Versions(directory))
        {
            if (version == latest.Version)
            {
                continue;
            }
            var path = Path.Combine(directory, file);
            var record = TryRead(path, out _);
            if (record is null || !record.IsFence || record.OwnerEpoch > latest.OwnerEpoch)
            {
                _fs.DeleteFile(path);
                deleted++;
            }
        }
        return deleted;
    }

    /// <summary>Temp files of commits that never linked.</summary>
    public int DeleteTempFiles(string directory)
    {
        var deleted = 0;
        foreach (var file in _fs.ListFiles(directory))
        {
            if (file.EndsWith(StoragePaths.TempSuffix, StringComparison.Ordinal))
            {
                _fs.DeleteFile(Path.Combine(directory, file));
                deleted++;
            }
        }
        return deleted;
    }

    private SegmentRecord? TryRead(string path, out bool missing)
    {
        missing = false;
        try
        {
            using var handle = _fs.OpenRead(path);
            var length = _fs.GetLength(handle);
            var bytes = new byte[length];
            var n = _fs.Read(handle, 0, bytes);
            return SegmentRecordSerializer.TryDeserialize(bytes.AsSpan(0, n));
        }
        catch (FileNotFoundException)
        {
            // Deleted between listing and opening: an older version that its owner just superseded.
            missing = true;
            return null;
        }
    }

    private IEnumerable<(long Version, string File)> Versions(string directory)
    {
        foreach (var file in _fs.ListFiles(directory))
        {
            if (file.StartsWith(Prefix, StringComparison.Ordinal) && file.EndsWith(Suffix, StringComparison.Ordinal)
                && long.TryParse(file.AsSpan(Prefix.Length, file.Length - Prefix.Length - Suffix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var version))
            {
                yield return (version, file);
            }
        }
    }

    private static string FileName(long version) => string.Create(CultureInfo.InvariantCulture, $"{Prefix}{version:D19}{Suffix}");
}
