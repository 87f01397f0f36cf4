using System.Diagnostics;
using System.Globalization;
using Pravega.Perf.SegmentStore.Storage.FileSystem;

namespace Pravega.Perf.Benchmarks.Storage;

/// <summary>
/// The console mode <c>tier2-write-cpu [rounds]</c>: the <see cref="ChunkWriteModeBenchmarks"/> workload (64 MiB per
/// round into a new segment, flushes of 256 KiB, 1 MiB and 4 MiB, Buffered and Direct), timed with this process's user
/// and system CPU (what BenchmarkDotNet cannot show: the kernel's page-cache copy and writeback are system time) and the
/// whole machine's busy time from /proc/stat (which includes anyone else's load and the flusher threads).
/// <c>dotnet run -c Release --project bench/Pravega.Perf.Benchmarks -- tier2-write-cpu 8</c>
/// </summary>
internal static class ChunkWriteCpuProbe
{
    public const string Command = "tier2-write-cpu";

    public static async Task RunAsync(string[] args)
    {
        var rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 8;
        var data = ChunkWriteModeBenchmarks.NewData();
        Console.WriteLine($"{rounds} x 64 MiB per cell under {Path.GetTempPath()}; CPU is seconds per GiB written");
        Console.WriteLine("mode      flush     MB/s   user/GiB  sys/GiB  machine-busy/GiB");
        foreach (var flushSize in new[] { 256 * 1024, 1024 * 1024, 4 * 1024 * 1024 })
        {
            foreach (var mode in new[] { ChunkWriteMode.Buffered, ChunkWriteMode.Direct })
            {
                await RunCellAsync(mode, flushSize, rounds, data).ConfigureAwait(false);
            }
        }
    }

    private static async Task RunCellAsync(ChunkWriteMode mode, int flushSize, int rounds, byte[] data)
    {
        var root = Path.Combine(Path.GetTempPath(), "pravega-bench-chunk-cpu-" + Guid.NewGuid().ToString("N"));
        var storage = ChunkWriteModeBenchmarks.Open(root, mode);
        try
        {
            // One round to warm up (JIT, the staging buffer, the chunks directory).
            await ChunkWriteModeBenchmarks.WriteSegmentAsync(storage, "warmup", data, flushSize).ConfigureAwait(false);
            var process = Process.GetCurrentProcess();
            process.Refresh();
            var user = process.UserProcessorTime;
            var system = process.PrivilegedProcessorTime;
            var machine = MachineBusySeconds();
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < rounds; i++)
            {
                await ChunkWriteModeBenchmarks.WriteSegmentAsync(storage, "round-" + i, data, flushSize).ConfigureAwait(false);
            }
            var seconds = clock.Elapsed.TotalSeconds;
            process.Refresh();
            var gib = rounds * (double)ChunkWriteModeBenchmarks.Total / (1 << 30);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{mode,-9} {flushSize / 1024,5} KiB {rounds * 64 / seconds,7:F0} {(process.UserProcessorTime - user).TotalSeconds / gib,9:F3} {(process.PrivilegedProcessorTime - system).TotalSeconds / gib,8:F3} {(MachineBusySeconds() - machine) / gib,12:F3}"));
        }
        finally
        {
            await storage.DisposeAsync().ConfigureAwait(false);
            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>Non-idle CPU seconds of all cores since boot (/proc/stat "cpu" line: user nice system idle iowait irq
    /// softirq steal …, in clock ticks of 1/100 s); iowait counts as idle.</summary>
    private static double MachineBusySeconds()
    {
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        long busy = 0;
        for (var i = 1; i < Math.Min(fields.Length, 9); i++)
        {
            if (i is not 4 and not 5)
            {
                busy += long.Parse(fields[i], CultureInfo.InvariantCulture);
            }
        }
        return busy / 100.0;
    }
}
