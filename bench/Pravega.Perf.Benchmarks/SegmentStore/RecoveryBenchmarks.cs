using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Pravega.Perf.Common;
using Pravega.Perf.SegmentStore;
using Pravega.Perf.SegmentStore.Contracts;
using Pravega.Perf.SegmentStore.Contracts.Appends;
using Pravega.Perf.SegmentStore.Contracts.Attributes;

namespace Pravega.Perf.Benchmarks.SegmentStore;

/// <summary>
/// Time to recover one container from 1 GiB of file WAL (16 segments, 64 KiB appends, written with fdatasync in
/// setup): open, read and CRC-check every frame, replay every operation, refill the cache. One cold run; run it
/// by hand, it writes 1 GiB under the temp directory:
/// <c>dotnet run -c Release --project bench/Pravega.Perf.Benchmarks -- --filter '*Recovery*'</c>
/// </summary>
[SimpleJob(RunStrategy.ColdStart, launchCount: 1, warmupCount: 0, iterationCount: 3)]
[MemoryDiagnoser]
public class RecoveryBenchmarks
{
    private const long WalBytes = 1L << 30;
    private const int AppendSize = 64 * 1024;
    private const int Segments = 16;
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "pravega-recovery-bench");

    [GlobalSetup]
    public void Setup()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
        var store = SegmentStoreService.StartAsync(Options()).GetAwaiter().GetResult();
        try
        {
            Fill(store).GetAwaiter().GetResult();
        }
        finally
        {
            store.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_directory, recursive: true);

    [Benchmark]
    public long Recover()
    {
        var store = SegmentStoreService.StartAsync(Options()).GetAwaiter().GetResult();
        try
        {
            return store.GetSegmentInfoAsync("scope/stream/0").GetAwaiter().GetResult().Length;
        }
        finally
        {
            store.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    private SegmentStoreOptions Options() => new()
    {
        DataDirectory = _directory,
        ContainerCount = 1,
        CacheSizeBytes = WalBytes + (256L << 20),
        WalFileSize = 256L << 20,
        Tier2Enabled = false, // measures WAL replay: a storage writer would flush the data and truncate the log
    };

    private static async Task Fill(SegmentStoreService store)
    {
        var data = new AppendData(new byte[AppendSize].AsMemory());
        for (var s = 0; s < Segments; s++)
        {
            await store.CreateSegmentAsync($"scope/stream/{s}", SegmentType.StreamSegment, []);
        }
        var writer = new Uuid(1, 1);
        var inFlight = new Queue<ValueTask<long>>();
        var last = new long[Segments];
        Array.Fill(last, SegmentAttributes.NullValue);
        for (long written = 0, i = 0; written < WalBytes; written += AppendSize, i++)
        {
            var s = (int)(i % Segments);
            var next = last[s] == SegmentAttributes.NullValue ? 0 : last[s] + 1;
#pragma warning disable CA2012 // Pipelined: each ValueTask is queued once and awaited once.
            inFlight.Enqueue(store.AppendAsync($"scope/stream/{s}", data, new WriterUpdate(writer, last[s], next, 1), -1));
#pragma warning restore CA2012
            last[s] = next;
            if (inFlight.Count >= 256)
            {
                await inFlight.Dequeue();
            }
        }
        while (inFlight.Count > 0)
        {
            await inFlight.Dequeue();
        }
    }
}
