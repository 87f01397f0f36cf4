using Microsoft.Win32.SafeHandles;
using Pravega.Perf.Interop.Files;

namespace Pravega.Perf.SegmentStore.Storage.IO;

/// <summary>The real file system: a local disk or an NFS mount.</summary>
public sealed class LocalStorageFileSystem : IStorageFileSystem
{
    /// <summary>The one instance; it has no state.</summary>
    public static readonly LocalStorageFileSystem Instance = new();

    // errno of "file exists" on Linux, which the runtime puts in IOException.HResult.
    private const int Eexist = 17;

    private LocalStorageFileSystem()
    {
    }

    /// <inheritdoc />
    public SafeFileHandle CreateNew(string path) =>
        File.OpenHandle(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);

    /// <inheritdoc />
    public SafeFileHandle OpenReadWrite(string path) =>
        File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);

    /// <inheritdoc />
    public SafeFileHandle OpenDirect(string path) => DirectFile.OpenExisting(path);

    /// <inheritdoc />
    public SafeFileHandle OpenRead(string path) =>
        File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);

    /// <inheritdoc />
    public void Write(SafeFileHandle handle, long fileOffset, ReadOnlySpan<byte> data) => RandomAccess.Write(handle, data, fileOffset);

    /// <inheritdoc />
    public int Read(SafeFileHandle handle, long fileOffset, Span<byte> buffer)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            var n = RandomAccess.Read(handle, buffer[total..], fileOffset + total);
            if (n == 0)
            {
                break;
            }
            total += n;
        }
        return total;
    }

    /// <inheritdoc />
    public void DataSync(SafeFileHandle handle) => FileSync.DataSync(handle);

    /// <inheritdoc />
    public void FullSync(SafeFileHandle handle) => RandomAccess.FlushToDisk(handle);

    /// <inheritdoc />
    public long GetLength(SafeFileHandle handle) => RandomAccess.GetLength(handle);

    /// <inheritdoc />
    public void SetLength(SafeFileHandle handle, long length) => RandomAccess.SetLength(handle, length);

    /// <inheritdoc />
    /// <remarks>
    /// A symbolic link: symlink(2) fails with EEXIST when the name exists, atomically (on NFS the server decides). The
    /// runtime's no-overwrite File.Move is a stat followed by rename(2) (checked with strace), which two writers can
    /// both pass, and it has no public link(2). Durability of the new name: the target's inode is touched and fsync'd
    /// afterwards, which commits the journal transaction holding the new entry on ext4 and XFS; NFS namespace
    /// operations are synchronous on the server anyway. The directory is fsync'd too, which is what POSIX promises.
    /// </remarks>
    public bool TryCreateLink(string link, string existingFile)
    {
        try
        {
            File.CreateSymbolicLink(link, Path.GetRelativePath(Path.GetDirectoryName(link)!, existingFile));
        }
        catch (IOException e) when (e.HResult == Eexist || (!OperatingSystem.IsLinux() && (Path.Exists(link) || new FileInfo(link).LinkTarget is not null)))
        {
            return false;
        }
        try
        {
            File.SetLastWriteTimeUtc(existingFile, DateTime.UtcNow);
            using (var handle = OpenReadWrite(existingFile))
            {
                FullSync(handle);
            }
            FileSync.SyncDirectory(Path.GetDirectoryName(link)!);
        }
        catch (FileNotFoundException)
        {
            // Another writer superseded this version and deleted it already: its successor exists, so the name we
            // made is history and its durability no longer matters.
        }
        catch
        {
            // The name exists but may not be durable, and the caller will treat the commit as failed (and delete the
            // chunks it would have named): take the name back first.
            File.Delete(link);
            throw;
        }
        return true;
    }

    /// <inheritdoc />
    public string? GetLinkTarget(string link)
    {
        var target = new FileInfo(link).LinkTarget;
        return target is null ? null : Path.GetFullPath(target, Path.GetDirectoryName(link)!);
    }

    /// <inheritdoc />
    public void MoveReplace(string from, string to)
    {
        File.Move(from, to, overwrite: true);
        FileSync.SyncDirectory(Path.GetDirectoryName(Path.GetFullPath(to))!);
    }

    /// <inheritdoc />
    public void DeleteFile(string path) => File.Delete(path);

    /// <inheritdoc />
    public long FileLength(string path)
    {
        var info = new FileInfo(path);
        return info.Exists ? info.Length : -1;
    }

    /// <inheritdoc />
    public IReadOnlyList<string> ListFiles(string directory)
    {
        try
        {
            return [.. Directory.EnumerateFiles(directory).Select(p => Path.GetFileName(p))];
        }
        catch (DirectoryNotFoundException)
        {
            return [];
        }
    }

    /// <inheritdoc />
    public IReadOnlyList<string> ListDirectories(string directory)
    {
        try
        {
            return [.. Directory.EnumerateDirectories(directory).Select(p => Path.GetFileName(p))];
        }
        catch (DirectoryNotFoundException)
        {
            return [];
        }
    }

    /// <inheritdoc />
    public void CreateDirectory(string directory) => Directory.CreateDirectory(directory);

    /// <inheritdoc />
    public void DeleteDirectory(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: false);
        }
        catch (DirectoryNotFoundException)
        {
        }
        catch (IOException) when (Directory.Exists(directory) && Directory.EnumerateFileSystemEntries(directory).Any())
        {
            // Not empty: someone (a re-create) put files there after we emptied it; leave it.
        }
    }
}
