using System.Buffers;
using BenchmarkDotNet.Attributes;
using Pravega.Perf.Wire;
using Pravega.Perf.Wire.Commands;

namespace Pravega.Perf.Benchmarks.Wire;

/// <summary>A 1 MiB SEGMENT_READ: frame + decode (the data stays a slice) and encode into a warm buffer; 0 bytes allocated.</summary>
[MemoryDiagnoser]
public class SegmentReadBenchmarks
{
    private readonly ArrayBufferWriter<byte> _output = new((1 << 20) + 256);
    private SegmentRead _read;
    private ReadOnlySequence<byte> _frame;

    [GlobalSetup]
    public void Setup()
    {
        var data = new byte[1 << 20];
        new Random(1).NextBytes(data);
        _read = new SegmentRead("scope/stream/0.#epoch.0", 4096, true, false, new ReadOnlySequence<byte>(data), 7);
        var bytes = new ArrayBufferWriter<byte>();
        _read.WriteTo(bytes);
        _frame = new ReadOnlySequence<byte>(bytes.WrittenMemory);
    }

    [Benchmark]
    public long Decode()
    {
        FrameReader.TryReadFrame(_frame, out var frame);
        return SegmentRead.Read(frame.Payload).Data.Length;
    }

    [Benchmark]
    public int Encode()
    {
        _output.ResetWrittenCount();
        _read.WriteTo(_output);
        return _output.WrittenCount;
    }
}
