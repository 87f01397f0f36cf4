using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Pravega.Perf.SegmentStore;
using Pravega.Perf.SegmentStore.Contracts;
using Pravega.Perf.SegmentStore.Contracts.Appends;

namespace Pravega.Perf.Benchmarks.SegmentStore;

/// <summary>
/// A catch-up (historical) reader: one segment of <see cref="SegmentBytes"/> that the storage writer flushed to the
/// file-system Tier-2, read from offset 0 to the end through <c>ISegmentStore.ReadAsync</c> with a 4 or 64 MiB cache (so
/// nearly all of it comes from Tier-2: aligned 1 MiB fetches, read-ahead, cache fill), against the baseline of a plain
/// sequential read of the same chunk files with a 1 MiB buffer, in the same run. Both read from the page cache (the
/// files were just written): the difference is the engine's cost. A third method reads the same files with fio
/// (sequential 1 MiB psync reads, <c>--readonly</c>; fio must be installed, as bench/fio-baseline.sh does). MB/s =
/// SegmentBytes / mean seconds.
/// <c>dotnet run -c Release --project bench/Pravega.Perf.Benchmarks -- --filter '*CatchUp*'</c>
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5)]
[MemoryDiagnoser]
public class CatchUpReadBenchmarks
{
    /// <summary>Segment size: 256 MiB, and the 2 GiB catch-up of issue 4.</summary>
    [Params(256L << 20, 2L << 30)]
    public long SegmentBytes { get; set; }

    [Params(4L << 20, 64L << 20)]
    public long CacheBytes { get; set; }

    private const int AppendSize = 1 << 20;
    private const string Segment = "bench/catchup/0";
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "pravega-catchup-bench-" + Guid.NewGuid().ToString("N"));
    private SegmentStoreService _store = null!;
    private string[] _chunkFiles = [];
    private byte[] _buffer = [];

    [GlobalSetup]
    public void Setup()
    {
        _store = SegmentStoreService.StartAsync(new SegmentStoreOptions
        {
            DataDirectory = _directory,
            ContainerCount = 1,
            CacheSizeBytes = CacheBytes,
            WalFileSize = 64L << 20,
            WalSpareFileCount = 0,
            MaxOperationSize = AppendSize,
            StorageFlushAgeMs = 0,
        }).GetAwaiter().GetResult();
        _store.CreateSegmentAsync(Segment, SegmentType.StreamSegment, []).GetAwaiter().GetResult();
        var data = new byte[AppendSize];
        new Random(7).NextBytes(data);
        for (long offset = 0; offset < SegmentBytes; offset += AppendSize)
        {
            AppendWithBackPressure(data, offset);
        }
        _store.FlushToStorageAsync().GetAwaiter().GetResult();
        // The chunk files in offset order (the name carries the segment offset: <segment>.E-<epoch>-O-<offset>.<uuid>).
        _chunkFiles = [.. Directory.EnumerateFiles(Path.Combine(_directory, "tier2", "container-0", "chunks"))
            .OrderBy(f => long.Parse(Path.GetFileName(f).Split("-O-")[1].Split('.')[0], System.Globalization.CultureInfo.InvariantCulture))];
        _buffer = new byte[1 << 20];
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _store.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Directory.Delete(_directory, recursive: true);
    }

    [Benchmark]
    public long CatchUpReadThroughTheStore()
    {
        long offset = 0;
        while (offset < SegmentBytes)
        {
            using var read = _store.ReadAsync(Segment, offset, 2 << 20).AsTask().GetAwaiter().GetResult();
            offset += read.Length;
        }
        return offset;
    }

    [Benchmark(Baseline = true)]
    public long SequentialReadOfTheChunkFiles()
    {
        long total = 0;
        foreach (var file in _chunkFiles)
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, FileOptions.SequentialScan);
            int n;
            while ((n = stream.Read(_buffer)) > 0)
            {
                total += n;
            }
        }
        return total;
    }

    [Benchmark]
    public long FioSequentialReadOfTheChunkFiles()
    {
        // fio takes several files as one colon-separated --filename and reads them in turn.
        var info = new System.Diagnostics.ProcessStartInfo("fio")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])["--name=catchup", "--readonly", "--rw=read", "--bs=1M", "--ioengine=psync",
            "--filename=" + string.Join(':', _chunkFiles), "--output-format=terse"])
        {
            info.ArgumentList.Add(argument);
        }
        using var fio = System.Diagnostics.Process.Start(info) ?? throw new InvalidOperationException("fio did not start");
        var output = fio.StandardOutput.ReadToEnd();
        fio.WaitForExit();
        if (fio.ExitCode != 0)
        {
            throw new InvalidOperationException($"fio failed ({fio.ExitCode}): {fio.StandardError.ReadToEnd()}");
        }
        return output.Length;
    }

    private void AppendWithBackPressure(byte[] data, long offset)
    {
        while (true)
        {
            try
            {
                _store.AppendAsync(Segment, new AppendData(data), WriterUpdate.None, offset).AsTask().GetAwaiter().GetResult();
                return;
            }
            catch (Pravega.Perf.SegmentStore.Contracts.Exceptions.CacheFullException)
            {
                Thread.Sleep(1); // the storage writer is behind: Tier-2 does fsyncs, the cache holds 4 MiB
            }
        }
    }
}
