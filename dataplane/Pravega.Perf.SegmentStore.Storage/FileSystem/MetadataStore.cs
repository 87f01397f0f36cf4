using System.Globalization;
using Pravega.Perf.SegmentStore.Storage.IO;

namespace Pravega.Perf.SegmentStore.Storage.FileSystem;

/// <summary>
/// A segment's metadata as numbered, immutable version files <c>v&lt;version&gt;.meta</c> in its directory.
/// <para>
/// Commit of version N: write the record to a new data file <c>r-&lt;uuid&gt;.rec</c>, fsync it, then give it the name
/// <c>vN.meta</c> with <see cref="IStorageFileSystem.TryCreateLink"/> (an exclusive symlink: it fails when the name
/// exists, a compare-and-swap that the NFS server decides, not a client cache), which also makes the name durable;
/// then delete version N-1 (link first, then its data file). Two owners racing for the same N cannot both win, and a
/// loser learns of the winner at once; a reader never sees a partial record, because the name appears only once the
/// data file is complete.
/// </para>
/// <para>
/// Fencing: a new owner commits the next version with its epoch (a "fence" version). The old owner's next commit
/// aims at that same number and fails. Fence versions are never deleted, so that number stays taken however long
/// the old owner was paused; after any successful link the committer also checks for higher versions: if the next
/// one was derived from its record (ids chain the versions) a newer owner built on it and the commit stands;
/// otherwise it linked into a hole left by a deleted version and backs out.
/// </para>
/// <para>
/// The latest version is the valid file with the highest (epoch, version). A torn data file is never linked;
/// a crash leaves at most an unlinked data file (deleted by reconciliation) and an extra older version (ignored,
/// then deleted).
/// </para>
/// </summary>
internal sealed class MetadataStore
{
    private const string Prefix = "v";
    private const string Suffix = ".meta";
    private const string DataPrefix = "r-";
    private const string DataSuffix = ".rec";
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
        var data = Path.Combine(directory, DataPrefix + Guid.NewGuid().ToString("N") + DataSuffix);
        var target = Path.Combine(directory, FileName(next.Version));
        var linked = false;
        try
        {
            using (var handle = _fs.CreateNew(data))
            {
                _fs.Write(handle, 0, bytes);
                _fs.FullSync(handle);
            }
            linked = _fs.TryCreateLink(target, data);
        }
        finally
        {
            if (!linked)
            {
                DeleteQuietly(data);
            }
        }
        if (!linked)
        {
            return false;
        }
        // From here on the commit has happened: nothing below may throw, or the caller would undo what the record names.
        try
        {
            if (Versions(directory).Any(v => v.Version > next.Version) && !IsBuiltOn(directory, next))
            {
                // We linked into a hole below a newer owner's versions (ours was deleted long ago): that owner fenced
                // us and never saw this record. Back out.
                DeleteVersion(target);
                return false;
            }
            if (previous is not null && !previous.IsFence)
            {
                DeleteVersion(Path.Combine(directory, FileName(previous.Version)));
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Tidying failed (the old version stays; reconciliation deletes it) or the hole check could not list the
            // directory (the hole needs an owner paused across two takeovers; the committed record stands).
        }
        return true;
    }

    /// <summary>
    /// True when the version right after <paramref name="committed"/> was derived from it: a newer owner read our
    /// record and fenced on top of it, so our commit is part of the history (it succeeded; the fence shows on the next
    /// call). That successor is the newer owner's fence version, which is never deleted.
    /// </summary>
    private bool IsBuiltOn(string directory, SegmentRecord committed)
    {
        var successor = Versions(directory).Where(v => v.Version == committed.Version + 1).Select(v => v.File).FirstOrDefault();
        return successor is not null && TryRead(Path.Combine(directory, successor), out _) is { } record && record.PreviousId == committed.Id;
    }

    /// <summary>Deletes every version (oldest first, so a crash never exposes an older state), data files and the directory.</summary>
    public void DeleteAll(string directory)
    {
        foreach (var (_, file) in Versions(directory).OrderBy(v => v.Version))
        {
            DeleteVersion(Path.Combine(directory, file));
        }
        DeleteUnlinkedData(directory);
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
            if (record is null || !record.IsFence)
            {
                DeleteVersion(path);
                deleted++;
            }
        }
        return deleted;
    }

    /// <summary>
    /// Data files that no version names (commits that never linked, versions deleted halfway), except those a newer
    /// epoch than <paramref name="epoch"/> wrote: such a file may be a commit in flight.
    /// </summary>
    public int DeleteUnlinkedData(string directory, long epoch = long.MaxValue)
    {
        var linked = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (_, file) in Versions(directory))
        {
            if (_fs.GetLinkTarget(Path.Combine(directory, file)) is { } target)
            {
                linked.Add(Path.GetFileName(target));
            }
        }
        var deleted = 0;
        foreach (var file in _fs.ListFiles(directory))
        {
            if (file.StartsWith(DataPrefix, StringComparison.Ordinal) && file.EndsWith(DataSuffix, StringComparison.Ordinal) && !linked.Contains(file))
            {
                var path = Path.Combine(directory, file);
                if (TryRead(path, out _) is { } record && record.OwnerEpoch > epoch)
                {
                    continue;
                }
                _fs.DeleteFile(path);
                deleted++;
            }
        }
        return deleted;
    }

    /// <summary>Removes the name first, then the data, so no name ever points at missing data.</summary>
    private void DeleteVersion(string path)
    {
        var target = _fs.GetLinkTarget(path);
        _fs.DeleteFile(path);
        if (target is not null)
        {
            _fs.DeleteFile(target);
        }
    }

    private void DeleteQuietly(string path)
    {
        try
        {
            _fs.DeleteFile(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // An unlinked data file: reconciliation deletes it.
        }
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
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            // Deleted between listing and opening (an older version its owner just superseded) unless the name is
            // still there, which would be a link whose data is gone: invalid, not vanished.
            missing = _fs.GetLinkTarget(path) is null && _fs.FileLength(path) < 0;
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
