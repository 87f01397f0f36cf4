using BenchmarkDotNet.Attributes;
using Pravega.Perf.Client.Segments;

namespace Pravega.Perf.Benchmarks.Client;

/// <summary>
/// Many small events gathered into <see cref="AppendBatch"/>es of at most <see cref="SegmentWriter.MaxBatchBytes"/>, as
/// the segment writer closes a batch when the next event would not fit. The writer itself
/// (<c>SegmentWriter.TryAppend</c>) needs a connected session, so this measures the batch it fills, not its locking
/// and admission. Each invocation batches <see cref="Events"/> events with routing-key hashes.
/// Run: <c>dotnet run -c Release --project bench/Pravega.Perf.Benchmarks -- --filter '*WriterBatching*'</c>.
/// </summary>
[MemoryDiagnoser]
public class WriterBatchingBenchmarks
{
    private const int Events = 10_000;
    private byte[] _payload = [];
    private double[] _hashes = [];

    [Params(10, 100)]
    public int EventSize { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _payload = new byte[EventSize];
        var random = new Random(16);
        _hashes = Enumerable.Range(0, 64).Select(_ => random.NextDouble()).ToArray();
    }

    /// <summary>Events into full batches, each sized like the last (as the writer does on a steady load).</summary>
    [Benchmark(OperationsPerInvoke = Events)]
    public int FillBatches()
    {
        var perBatch = SegmentWriter.MaxBatchBytes / (EventSize + 8);
        var batch = new AppendBatch(SegmentWriter.MaxBatchBytes, perBatch);
        var closed = 0;
        for (var i = 0; i < Events; i++)
        {
            if (batch.Length + EventSize + 8 > SegmentWriter.MaxBatchBytes)
            {
                batch.Release();
                batch = new AppendBatch(SegmentWriter.MaxBatchBytes, perBatch);
                closed++;
            }
            batch.AddEvent(_payload, _hashes[i & 63]);
        }
        batch.Release();
        return closed;
    }
}
