using BenchmarkDotNet.Attributes;
using Pravega.Perf.Interop.Crc;

namespace Pravega.Perf.Benchmarks.Crc;

/// <summary>CRC-32C over one WAL-frame-sized buffer: the hardware path against the table fallback.</summary>
[MemoryDiagnoser]
public class Crc32CBenchmarks
{
    private byte[] _data = [];

    [Params(4096, 1 << 20)]
    public int Size { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _data = new byte[Size];
        new Random(1).NextBytes(_data);
    }

    [Benchmark(Baseline = true)]
    public uint Software() => Crc32C.AppendSoftware(0, _data);

    [Benchmark]
    public uint Hardware() => Crc32C.Compute(_data);
}
