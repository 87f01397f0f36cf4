using Pravega.Perf.SegmentStore.Wal;

namespace Pravega.Perf.Benchmarks.Wal;

/// <summary>
/// The log the WAL benchmarks write to: a device on laid-out 64 MiB files under the temp directory (which must be a
/// real disk: check <c>df /tmp</c>), recovered empty, with its spares ready before the first write (the slow,
/// extended-file flushes would otherwise dominate), and files behind the writer handed back to the spares as a
/// container's truncation would do it; plus a frame of random bytes to write.
/// </summary>
internal sealed class BenchmarkLog : IDisposable
{
    public const long FileSize = 64L << 20;
    private const int MaxFileCount = 16;
    private const int Spares = 3;
    private readonly string _directory;
    private long _fileIndex;

    /// <param name="name">Prefix of the log's directory.</param>
    /// <param name="create">Builds the device: (directory, file size, most files, spares).</param>
    /// <param name="frameSize">Bytes per frame, header included.</param>
    public BenchmarkLog(string name, Func<string, long, int, int, FileWalDevice> create, int frameSize)
    {
        _directory = Path.Combine(Path.GetTempPath(), name + "-" + Guid.NewGuid().ToString("N"));
        Device = create(_directory, FileSize, MaxFileCount, Spares);
        Device.Open();
        _ = Device.ReadAll().Count();
        if (!SpinWait.SpinUntil(() => Device.ReadySpareCount >= Spares, TimeSpan.FromSeconds(120)))
        {
            throw new InvalidOperationException("spare WAL files were not laid out within 120 s");
        }
        Frame = new byte[frameSize];
        Random.Shared.NextBytes(Frame.AsSpan(WalFrameFormat.HeaderLength));
    }

    public FileWalDevice Device { get; }

    public byte[] Frame { get; }

    /// <summary>After a write at <paramref name="address"/>: once it entered a new file, the earlier ones go back to
    /// the spares.</summary>
    public void Wrote(long address)
    {
        if (address / FileSize != _fileIndex)
        {
            _fileIndex = address / FileSize;
            Device.TruncateBefore(_fileIndex * FileSize);
        }
    }

    public void Dispose()
    {
        Device.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
