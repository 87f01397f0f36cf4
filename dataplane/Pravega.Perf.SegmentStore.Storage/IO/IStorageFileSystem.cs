using Microsoft.Win32.SafeHandles;

namespace Pravega.Perf.SegmentStore.Storage.IO;

/// <summary>
/// The file operations Tier-2 is built from, and nothing else: positional reads and writes, data and full syncs,
/// exclusive create, exclusive links, replacing renames, listing. Behind an interface so that a fault-injecting decorator
/// (<see cref="FaultInjectingFileSystem"/>) can crash, fill or write-protect the device at any step.
/// Paths are absolute. Only operations that work on NFS are used (no mmap, no advisory locks).
/// </summary>
public interface IStorageFileSystem
{
    /// <summary>Creates a new file for reading and writing; fails when it exists (O_CREAT|O_EXCL).</summary>
    SafeFileHandle CreateNew(string path);

    /// <summary>Opens an existing file for reading and writing.</summary>
    SafeFileHandle OpenReadWrite(string path);

    /// <summary>
    /// Opens an existing file for reading and writing with O_DIRECT (Linux), bypassing the page cache: every read and
    /// write on the handle must use memory, offsets and lengths aligned to <see cref="Interop.Files.DirectFile.Alignment"/>.
    /// O_DIRECT is no durability promise: <see cref="DataSync"/> is still what makes the bytes durable.
    /// </summary>
    /// <exception cref="IOException">The file system refuses O_DIRECT (EINVAL), or the file does not exist.</exception>
    SafeFileHandle OpenDirect(string path);

    /// <summary>Opens an existing file for reading.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    SafeFileHandle OpenRead(string path);

    /// <summary>Writes all of <paramref name="data"/> at <paramref name="fileOffset"/>.</summary>
    void Write(SafeFileHandle handle, long fileOffset, ReadOnlySpan<byte> data);

    /// <summary>Reads up to <paramref name="buffer"/>'s length at <paramref name="fileOffset"/>; returns the count read.</summary>
    int Read(SafeFileHandle handle, long fileOffset, Span<byte> buffer);

    /// <summary>Makes the written data durable (<c>fdatasync(2)</c>).</summary>
    void DataSync(SafeFileHandle handle);

    /// <summary>
    /// Makes the data and the inode durable (<c>fsync(2)</c>). After a create or a link this also makes the new name
    /// durable on journaling file systems (ext4, XFS, btrfs commit the name with the inode change) and on NFS (whose
    /// namespace operations are synchronous on the server).
    /// </summary>
    void FullSync(SafeFileHandle handle);

    /// <summary>The file's length.</summary>
    long GetLength(SafeFileHandle handle);

    /// <summary>Cuts or extends the file to <paramref name="length"/>.</summary>
    void SetLength(SafeFileHandle handle, long length);

    /// <summary>
    /// Gives the complete, synced file <paramref name="existingFile"/> the new name <paramref name="link"/> unless that
    /// name exists, atomically (false when it exists), and makes the new name durable before returning. This is the
    /// compare-and-swap metadata commits rely on: the existence check and the creation are one server-side operation,
    /// also on NFS.
    /// </summary>
    bool TryCreateLink(string link, string existingFile);

    /// <summary>The absolute path of the file that <paramref name="link"/> names, when it is a link made by <see cref="TryCreateLink"/>; else null.</summary>
    string? GetLinkTarget(string link);

    /// <summary>Renames <paramref name="from"/> over <paramref name="to"/> atomically (<c>rename(2)</c>).</summary>
    void MoveReplace(string from, string to);

    /// <summary>Deletes the file; no error when it does not exist.</summary>
    void DeleteFile(string path);

    /// <summary>The length of the file at <paramref name="path"/>, or -1 when it does not exist.</summary>
    long FileLength(string path);

    /// <summary>The names (not paths) of the files in <paramref name="directory"/>; empty when it does not exist.</summary>
    IReadOnlyList<string> ListFiles(string directory);

    /// <summary>The names of the subdirectories of <paramref name="directory"/>; empty when it does not exist.</summary>
    IReadOnlyList<string> ListDirectories(string directory);

    /// <summary>Creates the directory and its parents.</summary>
    void CreateDirectory(string directory);

    /// <summary>Deletes the directory if it exists and is empty.</summary>
    void DeleteDirectory(string directory);
}
