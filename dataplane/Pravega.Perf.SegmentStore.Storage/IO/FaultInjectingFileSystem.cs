using Microsoft.Win32.SafeHandles;

namespace Pravega.Perf.SegmentStore.Storage.IO;

/// <summary>
/// A decorator that makes a file system crash, fill up or turn read-only on purpose, for crash-consistency tests.
/// <para>
/// Crash model: mutating calls are numbered from 1; at call <see cref="CrashAtOperation"/> the process "dies" (that
/// call and every later one throw <see cref="SimulatedCrashException"/>; a write may be torn first). Then
/// <see cref="ApplyCrashLoss"/> makes the inner file system look as a power loss would leave it: bytes written but not
/// synced are cut off, and names created or renamed but not made durable by a <see cref="FullSync"/> of their file are
/// undone (a create vanishes, a rename moves back). Deletions are assumed durable (the benign case).
/// </para>
/// </summary>
public sealed class FaultInjectingFileSystem : IStorageFileSystem
{
    /// <summary>errno values the runtime reports in <see cref="Exception.HResult"/> on Unix.</summary>
    public const int ENOSPC = 28;

    /// <summary>Read-only file system.</summary>
    public const int EROFS = 30;

    private readonly IStorageFileSystem _inner;
    private readonly Lock _lock = new();
    private readonly Dictionary<SafeFileHandle, string> _paths = new(ReferenceEqualityComparer.Instance);
    private readonly HashSet<SafeFileHandle> _directHandles = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<string, long> _syncedLength = [];
    private readonly List<(string Path, string? From)> _volatileNames = [];
    private long _bytesWritten;
    private bool _dead;

    /// <summary>Wraps <paramref name="inner"/>.</summary>
    public FaultInjectingFileSystem(IStorageFileSystem inner)
    {
        _inner = inner;
    }

    /// <summary>The 1-based mutating call at which to crash; null for never.</summary>
    public int? CrashAtOperation { get; set; }

    /// <summary>When the crash hits a write, write the first half of it first.</summary>
    public bool TornWrites { get; set; }

    /// <summary>Writes fail with ENOSPC once this many bytes were written through this instance; null for never.</summary>
    public long? FullAfterBytes { get; set; }

    /// <summary>
    /// Do not pass syncs to the inner file system: durability is then only what this decorator models, which keeps
    /// crash tests that sync thousands of times fast. The sync calls are still counted and still crash points.
    /// </summary>
    public bool SimulateSyncs { get; set; }

    /// <summary>Every mutating call fails with EROFS, as on a read-only mount.</summary>
    public bool ReadOnly { get; set; }

    /// <summary>Mutating calls made so far (including the one that crashed).</summary>
    public int MutatingOperations { get; private set; }

    /// <summary>True once the planned crash happened.</summary>
    public bool Crashed => _dead;

    /// <inheritdoc />
    public SafeFileHandle CreateNew(string path)
    {
        Mutate(nameof(CreateNew), path);
        var handle = _inner.CreateNew(path);
        lock (_lock)
        {
            _paths[handle] = path;
            _syncedLength[path] = 0;
            _volatileNames.Add((path, null));
        }
        return handle;
    }

    /// <inheritdoc />
    public SafeFileHandle OpenReadWrite(string path)
    {
        Alive();
        var handle = _inner.OpenReadWrite(path);
        lock (_lock)
        {
            _paths[handle] = path;
        }
        return handle;
    }

    /// <inheritdoc />
    public SafeFileHandle OpenDirect(string path)
    {
        Alive();
        var handle = _inner.OpenDirect(path);
        lock (_lock)
        {
            _paths[handle] = path;
            _directHandles.Add(handle);
        }
        return handle;
    }

    /// <inheritdoc />
    public SafeFileHandle OpenRead(string path)
    {
        Alive();
        var handle = _inner.OpenRead(path);
        lock (_lock)
        {
            _paths[handle] = path;
        }
        return handle;
    }

    /// <inheritdoc />
    public void Write(SafeFileHandle handle, long fileOffset, ReadOnlySpan<byte> data)
    {
        var path = PathOf(handle);
        try
        {
            Mutate(nameof(Write), path);
        }
        catch (SimulatedCrashException) when (TornWrites && data.Length > 1)
        {
            MarkDirty(path, handle);
            _inner.Write(handle, fileOffset, data[..TornLength(handle, data.Length)]);
            throw;
        }
        if (FullAfterBytes is { } limit && _bytesWritten + data.Length > limit)
        {
            throw new IOException("No space left on device (injected)", ENOSPC);
        }
        MarkDirty(path, handle);
        _inner.Write(handle, fileOffset, data);
        _bytesWritten += data.Length;
    }

    /// <inheritdoc />
    public int Read(SafeFileHandle handle, long fileOffset, Span<byte> buffer)
    {
        Alive();
        return _inner.Read(handle, fileOffset, buffer);
    }

    /// <inheritdoc />
    public void DataSync(SafeFileHandle handle)
    {
        var path = PathOf(handle);
        Mutate(nameof(DataSync), path);
        if (!SimulateSyncs)
        {
            _inner.DataSync(handle);
        }
        lock (_lock)
        {
            _syncedLength[path] = _inner.GetLength(handle);
        }
    }

    /// <inheritdoc />
    public void FullSync(SafeFileHandle handle)
    {
        var path = PathOf(handle);
        Mutate(nameof(FullSync), path);
        if (!SimulateSyncs)
        {
            _inner.FullSync(handle);
        }
        lock (_lock)
        {
            _syncedLength[path] = _inner.GetLength(handle);
            _volatileNames.RemoveAll(n => n.Path == path);
        }
    }

    /// <inheritdoc />
    public long GetLength(SafeFileHandle handle)
    {
        Alive();
        return _inner.GetLength(handle);
    }

    /// <inheritdoc />
    public void SetLength(SafeFileHandle handle, long length)
    {
        var path = PathOf(handle);
        Mutate(nameof(SetLength), path);
        MarkDirty(path, handle);
        lock (_lock)
        {
            // A cut is lost on power failure just like an extension; keep the shorter of the two as "synced".
            _syncedLength[path] = Math.Min(_syncedLength[path], length);
        }
        _inner.SetLength(handle, length);
    }

    /// <inheritdoc />
    /// <remarks>The inner file system makes the link durable before it returns, so a link that was made survives the crash.</remarks>
    public bool TryCreateLink(string link, string existingFile)
    {
        Mutate(nameof(TryCreateLink), link);
        return _inner.TryCreateLink(link, existingFile);
    }

    /// <inheritdoc />
    public string? GetLinkTarget(string link)
    {
        Alive();
        return _inner.GetLinkTarget(link);
    }

    /// <inheritdoc />
    public void MoveReplace(string from, string to)
    {
        Mutate(nameof(MoveReplace), to);
        _inner.MoveReplace(from, to);
        Renamed(from, to);
    }

    /// <inheritdoc />
    public void DeleteFile(string path)
    {
        Mutate(nameof(DeleteFile), path);
        _inner.DeleteFile(path);
        lock (_lock)
        {
            _syncedLength.Remove(path);
            _volatileNames.RemoveAll(n => n.Path == path);
        }
    }

    /// <inheritdoc />
    public long FileLength(string path)
    {
        Alive();
        return _inner.FileLength(path);
    }

    /// <inheritdoc />
    public IReadOnlyList<string> ListFiles(string directory)
    {
        Alive();
        return _inner.ListFiles(directory);
    }

    /// <inheritdoc />
    public IReadOnlyList<string> ListDirectories(string directory)
    {
        Alive();
        return _inner.ListDirectories(directory);
    }

    /// <inheritdoc />
    public void CreateDirectory(string directory)
    {
        Mutate(nameof(CreateDirectory), directory);
        _inner.CreateDirectory(directory);
    }

    /// <inheritdoc />
    public void DeleteDirectory(string directory)
    {
        Mutate(nameof(DeleteDirectory), directory);
        _inner.DeleteDirectory(directory);
    }

    /// <summary>
    /// After a crash: cut every file back to its synced length and undo every name that was not made durable, newest
    /// first, on the inner file system. Call it once, after the crashed storage is abandoned.
    /// </summary>
    public void ApplyCrashLoss()
    {
        lock (_lock)
        {
            foreach (var (path, synced) in _syncedLength)
            {
                var length = _inner.FileLength(path);
                if (length > synced)
                {
                    using var handle = _inner.OpenReadWrite(path);
                    _inner.SetLength(handle, synced);
                }
            }
            for (var i = _volatileNames.Count - 1; i >= 0; i--)
            {
                var (path, from) = _volatileNames[i];
                if (_inner.FileLength(path) < 0)
                {
                    continue;
                }
                if (from is null)
                {
                    _inner.DeleteFile(path);
                }
                else
                {
                    _inner.MoveReplace(path, from);
                }
            }
            _volatileNames.Clear();
            _syncedLength.Clear();
        }
    }

    private void Mutate(string operation, string path)
    {
        Alive();
        if (ReadOnly)
        {
            throw new IOException($"Read-only file system (injected): {operation} {path}", EROFS);
        }
        var n = ++MutatingOperations;
        if (CrashAtOperation == n)
        {
            _dead = true;
            throw new SimulatedCrashException($"simulated crash at operation {n}: {operation} {path}");
        }
    }

    private void Alive()
    {
        if (_dead)
        {
            throw new SimulatedCrashException("the simulated process is dead");
        }
    }

    private string PathOf(SafeFileHandle handle)
    {
        lock (_lock)
        {
            return _paths[handle];
        }
    }

    /// <summary>Half the write; on an O_DIRECT handle rounded down to whole blocks (a device tears at sector
    /// boundaries, and the kernel refuses a shorter O_DIRECT write).</summary>
    private int TornLength(SafeFileHandle handle, int length)
    {
        lock (_lock)
        {
            return _directHandles.Contains(handle) ? (length / 2) & ~(Interop.Files.DirectFile.Alignment - 1) : length / 2;
        }
    }

    private void MarkDirty(string path, SafeFileHandle handle)
    {
        lock (_lock)
        {
            if (!_syncedLength.ContainsKey(path))
            {
                // First write to a file opened before: what is on disk now counts as synced.
                _syncedLength[path] = _inner.GetLength(handle);
            }
        }
    }

    private void Renamed(string from, string to)
    {
        lock (_lock)
        {
            if (_syncedLength.Remove(from, out var synced))
            {
                _syncedLength[to] = synced;
            }
            foreach (var entry in _paths.Where(p => p.Value == from).ToList())
            {
                _paths[entry.Key] = to;
            }
            _volatileNames.Add((to, from));
        }
    }
}
