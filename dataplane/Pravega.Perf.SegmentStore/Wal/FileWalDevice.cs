using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using Microsoft.Win32.SafeHandles;
using Pravega.Perf.Interop.Files;

namespace Pravega.Perf.SegmentStore.Wal;

/// <summary>
/// The managed file WAL: a directory of equal-size files <c>wal-&lt;index&gt;.log</c>, file <c>i</c> holding the addresses
/// <c>[i × FileSize, (i + 1) × FileSize)</c>. Every frame is one <see cref="RandomAccess.Write(SafeFileHandle, ReadOnlySpan{byte}, long)"/>
/// followed by fdatasync.
/// </summary>
/// <remarks>
/// <para>Two kinds of log file. A laid-out file was written with zeros before use (a spare from
/// <see cref="WalSparePool"/>, which lays them out in the background from the end of recovery, or a truncated file
/// renamed back as a later one): fdatasync'd 1 MiB writes into such files ran at about 0.84 GB/s on this machine. An
/// extended file starts empty and grows with each frame: it is what rotation uses when no spare is ready, because
/// waiting for 256 MiB of zeros would stall the container; its writes are slower (0.34 GB/s: each flush also
/// journals the extent change) but never wait. Recovery reads both alike: a read past an extended file's end is
/// short, so it ends the log like a zeroed or stale header does. Once a spare is ready the writer leaves an extended
/// file for the next one without filling it.</para>
/// <para>Frames start on 4 KiB boundaries and never straddle files; a frame that does not fit the rest of a file
/// goes to the start of the next one. A stale frame left in a reused file carries an older address, so recovery
/// stops there. Ownership: an exclusive lock on <c>wal.lock</c> for the device's lifetime, and an epoch in
/// <c>wal.epoch</c> raised on each open.</para>
/// <para>The file layout, rotation and recovery are shared with <see cref="UringWalDevice"/>, which overrides only how
/// a log file is opened for writing and how a frame is made durable; so either device recovers the other's log.</para>
/// </remarks>
public class FileWalDevice : IWalDevice
{
    private const int Alignment = 4096;
    private const int BusyMilliseconds = 20;
    private const string LockFileName = "wal.lock";
    private const string EpochFileName = "wal.epoch";
    private const string TruncationFileName = "wal.truncation";

    private readonly string _directory;
    private readonly long _fileSize;
    private readonly int _maxFileCount;
    private FileStream? _lockFile;
    private long _epoch;
    private long _firstFileIndex;
    private long _truncationAddress;
    private long _writeAddress;
    private long _currentFileIndex = -1;
    private SafeFileHandle? _currentHandle;
    private bool _currentHandleForWrite;
    private bool _currentFileExtended;
    private readonly WalSparePool _spares;
    private long _lastWriteTick = long.MinValue / 2;
    private bool _disposed;

    /// <param name="directory">The container's WAL directory.</param>
    /// <param name="fileSize">Size of each log file.</param>
    /// <param name="maxFileCount">Most log files in use at once (spares not counted).</param>
    /// <param name="spareFileCount">Laid-out spare files kept ready for rotation (0: every file is an extended one).</param>
    public FileWalDevice(string directory, long fileSize, int maxFileCount, int spareFileCount = 2)
        : this(directory, fileSize, maxFileCount, spareFileCount, directLayout: false)
    {
    }

    /// <param name="directory">The container's WAL directory.</param>
    /// <param name="fileSize">Size of each log file.</param>
    /// <param name="maxFileCount">Most log files in use at once (spares not counted).</param>
    /// <param name="spareFileCount">Laid-out spare files kept ready for rotation.</param>
    /// <param name="directLayout">Lay spares out with O_DIRECT writes (the O_DIRECT devices: their directory accepts
    /// it), which skips copying the zeros into the page cache.</param>
    private protected FileWalDevice(string directory, long fileSize, int maxFileCount, int spareFileCount, bool directLayout)
    {
        if (fileSize < 2 * Alignment || fileSize % Alignment != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(fileSize), fileSize, "Must be a multiple of 4 KiB, at least 8 KiB.");
        }
        _directory = directory;
        _fileSize = fileSize;
        _maxFileCount = Math.Max(2, maxFileCount);
        MaxFrameLength = (int)Math.Min(int.MaxValue - Alignment, fileSize);
        _spares = new WalSparePool(directory, fileSize, spareFileCount,
            () => Environment.TickCount64 - Volatile.Read(ref _lastWriteTick) < BusyMilliseconds, directLayout);
    }

    /// <summary>Laid-out spare files ready for the next rotations.</summary>
    public int ReadySpareCount => _spares.ReadyCount;

    public int MaxFrameLength { get; }

    /// <summary>The address the next frame will be written at (after recovery: the end of the valid log).</summary>
    public long WriteAddress => _writeAddress;

    public long Open()
    {
        Directory.CreateDirectory(_directory);
        try
        {
            _lockFile = new FileStream(Path.Combine(_directory, LockFileName), FileMode.OpenOrCreate, FileAccess.ReadWrite,
                FileShare.None);
        }
        catch (IOException e)
        {
            throw new WalFencedException($"The WAL in '{_directory}' is owned by someone else: {e.Message}");
        }
        _epoch = ReadLong(EpochFileName) + 1;
        WriteLongDurably(EpochFileName, _epoch);
        _truncationAddress = ReadLong(TruncationFileName);
        var indices = LogFileIndices();
        _firstFileIndex = indices.Count == 0 ? _truncationAddress / _fileSize : indices[0];
        _spares.Load();
        _writeAddress = Math.Max(_firstFileIndex * _fileSize, _truncationAddress);
        return _epoch;
    }

    public IEnumerable<WalFrame> ReadAll()
    {
        var buffer = ArrayPool<byte>.Shared.Rent(WalFrameFormat.HeaderLength);
        try
        {
            var address = _writeAddress;
            var existing = new HashSet<long>(LogFileIndices());
            while (true)
            {
                var length = TryReadFrame(existing, address, ref buffer);
                if (length < 0)
                {
                    // Nothing valid here: either the end of the log, or the writer moved to the next file because the
                    // frame did not fit. Only a valid frame at the next file's start tells the two apart.
                    var next = (address / _fileSize + 1) * _fileSize;
                    if (address % _fileSize == 0 || (length = TryReadFrame(existing, next, ref buffer)) < 0)
                    {
                        break;
                    }
                    address = next;
                }
                yield return WalFrameFormat.ToFrame(buffer.AsMemory(0, length));
                address = Align(address + length);
            }
            _writeAddress = address;
            // Recovery is over: from here on the reads are done, so laying out spares competes only with the log.
            _spares.Start();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public long Write(Span<byte> frame, long firstSequence, long lastSequence)
    {
        var address = PlaceFrame(frame.Length);
        var handle = PrepareFrame(frame, address, firstSequence, lastSequence);
        WriteDurably(handle, frame, address % _fileSize);
        _writeAddress = Align(address + frame.Length);
        return address;
    }

    public void TruncateBefore(long address)
    {
        if (address <= _truncationAddress)
        {
            return;
        }
        // Record the new start first: if we crash after it, recovery starts at the right frame even though the old
        // files are still there.
        WriteLongDurably(TruncationFileName, address);
        _truncationAddress = address;
        var keepFrom = address / _fileSize;
        for (var index = _firstFileIndex; index < keepFrom; index++)
        {
            var path = LogFilePath(index);
            if (!File.Exists(path))
            {
                continue;
            }
            if (index == _currentFileIndex)
            {
                _currentHandle?.Dispose();
                _currentHandle = null;
                _currentFileIndex = -1;
            }
            // Only a full-size file can be reused as laid out; an extended one is shorter (or has holes where frames
            // were aligned), so it would bring back the slow flushes it was made to avoid.
            if (new FileInfo(path).Length == _fileSize)
            {
                _spares.Add(path);
            }
            else
            {
                File.Delete(path);
            }
        }
        _firstFileIndex = Math.Max(_firstFileIndex, keepFrom);
    }

    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (_disposed || !disposing)
        {
            return;
        }
        _disposed = true;
        _spares.Dispose();
        _currentHandle?.Dispose();
        _lockFile?.Dispose();
    }

    /// <summary>Size of each log file: a frame at address <c>a</c> is at offset <c>a % FileSize</c> of file
    /// <c>a / FileSize</c>.</summary>
    private protected long FileSize => _fileSize;

    /// <summary>Where the next frame of <paramref name="length"/> bytes goes: the write address, or the next file's
    /// start if it does not fit the rest of the current file (or the writer may leave an extended file). No side
    /// effect.</summary>
    private protected long PlaceFrame(int length)
    {
        if (length > MaxFrameLength)
        {
            throw new ArgumentException($"Frame of {length} bytes exceeds {MaxFrameLength}.", nameof(length));
        }
        var address = _writeAddress;
        if (address % _fileSize + length > _fileSize || CanLeaveExtendedFile(address))
        {
            address = (address / _fileSize + 1) * _fileSize;
        }
        return address;
    }

    /// <summary>Gets the frame at <paramref name="address"/> (from <see cref="PlaceFrame"/>) ready to write: opens or
    /// rotates to its log file and fills in its header. Returns the file's write handle.</summary>
    private protected SafeFileHandle PrepareFrame(Span<byte> frame, long address, long firstSequence, long lastSequence)
    {
        _spares.Start();
        Volatile.Write(ref _lastWriteTick, Environment.TickCount64);
        var handle = HandleFor(address / _fileSize, forWrite: true);
        WalFrameFormat.WriteHeader(frame, address, _epoch, firstSequence, lastSequence);
        return handle;
    }

    /// <summary>Moves the write address past a frame whose write has begun (frames in flight follow each other).</summary>
    private protected void AdvancePast(long address, int length) => _writeAddress = Align(address + length);

    /// <summary>
    /// Makes frames that were written (or may have been) but must never count unreplayable: overwrites the first
    /// 4 KiB block of each — its header — with zeros, durably, then sets the write address back to the first of them
    /// (<paramref name="addresses"/> in address order). Recovery then stops at the first one, and a shorter frame written
    /// there later cannot be followed by a stale, valid-looking one. Throws if a block cannot be overwritten; the
    /// caller keeps the list and tries again before its next write.
    /// </summary>
    private protected void Abandon(IReadOnlyList<long> addresses)
    {
        Span<byte> zeros = stackalloc byte[Alignment];
        zeros.Clear();
        foreach (var address in addresses)
        {
            WriteDurably(HandleFor(address / _fileSize, forWrite: true), zeros, address % _fileSize);
        }
        _writeAddress = addresses[0];
    }

    /// <summary>Writes a whole frame (header filled in) at <paramref name="offset"/> of a log file and returns once it
    /// is on stable storage. The managed way: one pwrite, then fdatasync.</summary>
    private protected virtual void WriteDurably(SafeFileHandle handle, Span<byte> frame, long offset)
    {
        RandomAccess.Write(handle, frame, offset);
        FileSync.DataSync(handle);
    }

    /// <summary>Opens an existing log file: for the frame writes (<paramref name="forWrite"/>) or for recovery's reads,
    /// which may need a different kind of handle (O_DIRECT reads would need aligned buffers).</summary>
    private protected virtual SafeFileHandle OpenLogFile(string path, bool forWrite) =>
        File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite, FileShare.Read);

    private int TryReadFrame(HashSet<long> existing, long address, ref byte[] buffer)
    {
        var index = address / _fileSize;
        var offset = address % _fileSize;
        if (!existing.Contains(index) || offset + WalFrameFormat.HeaderLength > _fileSize)
        {
            return -1;
        }
        var handle = HandleFor(index, forWrite: false);
        if (RandomAccess.Read(handle, buffer.AsSpan(0, WalFrameFormat.HeaderLength), offset) < WalFrameFormat.HeaderLength)
        {
            return -1;
        }
        var payload = WalFrameFormat.ReadPayloadLength(buffer, address,
            (int)Math.Min(MaxFrameLength, _fileSize - offset) - WalFrameFormat.HeaderLength);
        if (payload < 0)
        {
            return -1;
        }
        var length = WalFrameFormat.HeaderLength + payload;
        if (buffer.Length < length)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            buffer = ArrayPool<byte>.Shared.Rent(length);
        }
        var frame = buffer.AsSpan(0, length);
        return RandomAccess.Read(handle, frame, offset) == length && WalFrameFormat.IsPayloadValid(frame) ? length : -1;
    }

    private SafeFileHandle HandleFor(long index, bool forWrite)
    {
        // Recovery reads, then writes: a switch of mode reopens the file once.
        if (index == _currentFileIndex && _currentHandle is not null && _currentHandleForWrite == forWrite)
        {
            return _currentHandle;
        }
        if (index - _firstFileIndex + 1 > _maxFileCount)
        {
            throw new IOException($"The WAL in '{_directory}' is full ({_maxFileCount} files of {_fileSize} bytes).");
        }
        var path = LogFilePath(index);
        if (forWrite && !File.Exists(path))
        {
            CreateLogFile(path);
        }
        _currentHandle?.Dispose();
        _currentHandle = null;
        _currentHandle = OpenLogFile(path, forWrite);
        _currentHandleForWrite = forWrite;
        _currentFileIndex = index;
        _currentFileExtended = RandomAccess.GetLength(_currentHandle) < _fileSize;
        return _currentHandle;
    }

    /// <summary>
    /// True if the writer, at <paramref name="address"/> inside an extended file, may move on to the next file now
    /// that a laid-out spare is ready: the rest of the extended file's addresses stay unused (recovery, finding
    /// nothing there, looks at the next file's start, as for a frame that did not fit), and its slow flushes end
    /// as soon as they can rather than at the end of the file.
    /// </summary>
    private bool CanLeaveExtendedFile(long address)
    {
        var index = address / _fileSize;
        return address % _fileSize != 0 && index == _currentFileIndex && _currentFileExtended
            && _spares.ReadyCount > 0 && index + 1 - _firstFileIndex + 1 <= _maxFileCount;
    }

    /// <summary>Rotation: a ready spare if there is one, else an empty file that frames extend (never waits for a
    /// layout).</summary>
    private void CreateLogFile(string path)
    {
        if (_spares.TryTake(out var spare))
        {
            File.Move(spare, path);
        }
        else
        {
            File.OpenHandle(path, FileMode.CreateNew, FileAccess.ReadWrite).Dispose();
        }
        SyncNameDurably(path);
    }

    /// <summary>
    /// Makes a new or renamed file's name durable before any frame is written into it: the frames' own fdatasync
    /// does not journal directory changes (that is the point of pre-written files), so a crash of the machine could
    /// otherwise lose the name, and with it acknowledged frames. .NET cannot open a directory to fsync it; a full
    /// fsync of the file commits the journal transaction that holds the rename (ext4, xfs).
    /// </summary>
    private static void SyncNameDurably(string path)
    {
        // The file's fsync commits the journal transaction holding its new name on ext4/XFS; the directory's fsync is
        // what POSIX actually promises for a created or renamed entry.
        using (var handle = File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite))
        {
            RandomAccess.FlushToDisk(handle);
        }
        FileSync.SyncDirectory(Path.GetDirectoryName(path)!);
    }

    private List<long> LogFileIndices()
    {
        var result = new List<long>();
        foreach (var path in Directory.GetFiles(_directory, "wal-*.log"))
        {
            var name = Path.GetFileNameWithoutExtension(path);
            if (!name.StartsWith(WalSparePool.FreePrefix, StringComparison.Ordinal)
                && long.TryParse(name.AsSpan(4), NumberStyles.None, CultureInfo.InvariantCulture, out var index)
                && (index + 1) * _fileSize > _truncationAddress)
            {
                result.Add(index);
            }
        }
        result.Sort();
        return result;
    }

    private string LogFilePath(long index) =>
        Path.Combine(_directory, "wal-" + index.ToString("D10", CultureInfo.InvariantCulture) + ".log");

    private long ReadLong(string name)
    {
        var path = Path.Combine(_directory, name);
        if (!File.Exists(path))
        {
            return 0;
        }
        var bytes = File.ReadAllBytes(path);
        return bytes.Length == 8 ? BinaryPrimitives.ReadInt64LittleEndian(bytes) : 0;
    }

    private void WriteLongDurably(string name, long value)
    {
        var temporary = Path.Combine(_directory, name + ".tmp");
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write))
        {
            Span<byte> bytes = stackalloc byte[8];
            BinaryPrimitives.WriteInt64LittleEndian(bytes, value);
            stream.Write(bytes);
            stream.Flush(flushToDisk: true);
        }
        File.Move(temporary, Path.Combine(_directory, name), overwrite: true);
        SyncNameDurably(Path.Combine(_directory, name));
    }

    private static long Align(long address) => (address + Alignment - 1) & ~(long)(Alignment - 1);
}
