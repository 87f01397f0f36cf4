using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Win32.SafeHandles;
using Pravega.Perf.Interop.Files;
using Pravega.Perf.Interop.Memory;

namespace Pravega.Perf.SegmentStore.Wal;

/// <summary>
/// Spare WAL files of one <see cref="FileWalDevice"/>: full-size files already written with zeros (laid out), named
/// <c>wal-free-*.log</c>, ready to be renamed into the log when the writer rotates. A background loop keeps
/// <c>targetCount</c> of them while the log is idle, but only one while it is writing; files the log no longer needs
/// are added back.
/// </summary>
/// <remarks>
/// A spare is laid out under a <c>wal-layout-*.tmp</c> name and renamed only when complete and fdatasync'd, so a
/// crash mid-layout leaves only a temporary file (deleted by the next <see cref="Start"/>), never a file that looks
/// like part of the log or a short spare. The layout yields to the log: while <c>isLogBusy</c> says frames are being
/// written, it pauses after each chunk for as long as the chunk took, and syncs each chunk so the pause really leaves
/// the disk to the log (unsynced chunks would reach the disk in one burst at the final sync or whenever the kernel
/// writes back, which is exactly when the log needs it). For the O_DIRECT devices the zeros are written with O_DIRECT
/// too: buffered, every byte of a 256 MiB spare is first copied into the page cache, which on the machine measured
/// took a large part of the store's CPU in the first seconds of a run (bench/README.md, "Spare layout").
/// <para>Why only one under load: every layout writes the whole file once more, and under load the log truncates files
/// behind Tier-2 and adds them back here, so topping up to the target on every take wrote zeros for files that came
/// back anyway — on a fresh store with 4 spares per container, 0.3–0.4 extra disk bytes per payload byte at 1 KiB ×
/// 16 writers (bench/README.md, "Disk bytes per payload byte"). Spares beyond the first are laid out when the log is
/// idle (checked at least every <see cref="IdleCheckInterval"/>), e.g. at start, so a burst can use them.</para>
/// </remarks>
internal sealed class WalSparePool : IDisposable
{
    internal const string FreePrefix = "wal-free-";
    private const string LayoutPrefix = "wal-layout-";
    private const int ChunkSize = 2 << 20;

    private readonly string _directory;
    private readonly long _fileSize;
    private readonly int _targetCount;
    private readonly Func<bool> _isLogBusy;
    private readonly bool _direct;
    private readonly ConcurrentQueue<string> _ready = new();
    private readonly SemaphoreSlim _refill = new(0);
    private readonly CancellationTokenSource _stop = new();
    private Task? _loop;
    private volatile string? _lastError;

    /// <summary>First wait after a failed layout; doubles up to <see cref="MaxRetryDelay"/>.</summary>
    internal static readonly TimeSpan MinRetryDelay = TimeSpan.FromMilliseconds(100);

    internal static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(30);

    /// <summary>How often a pool short of its target while the log writes looks again whether the log went idle.</summary>
    internal static readonly TimeSpan IdleCheckInterval = TimeSpan.FromSeconds(1);

    /// <param name="directory">The WAL directory.</param>
    /// <param name="fileSize">Size of each spare (a multiple of 4 KiB for <paramref name="direct"/>).</param>
    /// <param name="targetCount">Spares to keep ready.</param>
    /// <param name="isLogBusy">True while the log is writing frames (the layout then yields).</param>
    /// <param name="direct">Write the zeros with O_DIRECT (the directory must accept it).</param>
    public WalSparePool(string directory, long fileSize, int targetCount, Func<bool> isLogBusy, bool direct = false)
    {
        _direct = direct;
        _directory = directory;
        _fileSize = fileSize;
        _targetCount = Math.Max(0, targetCount);
        _isLogBusy = isLogBusy;
    }

    /// <summary>Spares ready to be taken.</summary>
    public int ReadyCount => _ready.Count;

    /// <summary>Why the last layout failed (it is retried with a growing delay); null after a success.</summary>
    public string? LastError => _lastError;

    /// <summary>
    /// Picks up the spares a previous owner left (dropping any that are not full size, and unfinished layouts).
    /// Call once, while no one else uses the directory.
    /// </summary>
    public void Load()
    {
        // Unfinished layouts (and log files an older version was zero-filling under a temporary name).
        foreach (var path in Directory.GetFiles(_directory, "wal-*.tmp"))
        {
            File.Delete(path);
        }
        foreach (var path in Directory.GetFiles(_directory, FreePrefix + "*.log"))
        {
            if (new FileInfo(path).Length == _fileSize)
            {
                _ready.Enqueue(path);
            }
            else
            {
                File.Delete(path);
            }
        }
    }

    /// <summary>Starts laying out spares in the background up to the target count (idempotent).</summary>
    public void Start()
    {
        if (_loop is null && _targetCount > 0)
        {
            _loop = Task.Run(() => RunAsync(_stop.Token));
        }
    }

    /// <summary>Takes a ready spare, if any (never waits), and asks for a replacement.</summary>
    public bool TryTake(out string path)
    {
        if (!_ready.TryDequeue(out path!))
        {
            return false;
        }
        _refill.Release();
        return true;
    }

    /// <summary>Adds a laid-out file the log no longer needs (it is renamed to a spare name).</summary>
    public void Add(string path)
    {
        var spare = NewName(FreePrefix, ".log");
        File.Move(path, spare);
        _ready.Enqueue(spare);
    }

    public void Dispose()
    {
        _stop.Cancel();
        try
        {
            _loop?.GetAwaiter().GetResult();
        }
        catch (OperationCanceledException)
        {
            // The expected way out of the loop.
        }
        catch (IOException)
        {
            // Not retried any more: the device is going away.
        }
        _stop.Dispose();
        _refill.Dispose();
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        using var zeros = new AlignedBuffer(ChunkSize, DirectFile.Alignment, clear: true);
        var backoff = MinRetryDelay;
        while (true)
        {
            while (_ready.Count >= WantedCount())
            {
                await _refill.WaitAsync(IdleCheckInterval, cancellationToken).ConfigureAwait(false);
            }
            var temporary = NewName(LayoutPrefix, ".tmp");
            try
            {
                File.OpenHandle(temporary, FileMode.CreateNew, FileAccess.ReadWrite).Dispose();
                using (var handle = _direct
                    ? DirectFile.OpenExisting(temporary)
                    : File.OpenHandle(temporary, FileMode.Open, FileAccess.ReadWrite))
                {
                    await LayOutAsync(handle, zeros.Memory, cancellationToken).ConfigureAwait(false);
                }
                var spare = NewName(FreePrefix, ".log");
                File.Move(temporary, spare);
                _ready.Enqueue(spare);
                backoff = MinRetryDelay;
                _lastError = null;
            }
            catch (IOException e)
            {
                // A full or failing disk: the writer extends its files meanwhile (slower, still durable). Try again
                // later instead of giving up for the life of the process, since space is usually freed again (WAL
                // truncation behind Tier-2, an operator).
                TryDelete(temporary);
                _lastError = e.Message;
                await Task.Delay(backoff, cancellationToken).ConfigureAwait(false);
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxRetryDelay.Ticks));
            }
            catch
            {
                TryDelete(temporary);
                throw;
            }
        }
    }

    /// <summary>Spares to keep ready now: the target while the log is idle, one while it writes.</summary>
    private int WantedCount() => _isLogBusy() ? Math.Min(1, _targetCount) : _targetCount;

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Left for the next Load(), which deletes unfinished layouts.
        }
    }

    private async Task LayOutAsync(SafeFileHandle handle, ReadOnlyMemory<byte> zeros, CancellationToken cancellationToken)
    {
        for (long offset = 0; offset < _fileSize; offset += ChunkSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var started = Stopwatch.GetTimestamp();
            RandomAccess.Write(handle, zeros.Span[..(int)Math.Min(ChunkSize, _fileSize - offset)], offset);
            var busy = _isLogBusy();
            if (busy)
            {
                FileSync.DataSync(handle);
                var took = Stopwatch.GetElapsedTime(started);
                await Task.Delay(took < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1) : took,
                    cancellationToken).ConfigureAwait(false);
            }
        }
        FileSync.DataSync(handle);
    }

    private string NewName(string prefix, string extension) =>
        Path.Combine(_directory, prefix + Guid.NewGuid().ToString("N") + extension);
}
