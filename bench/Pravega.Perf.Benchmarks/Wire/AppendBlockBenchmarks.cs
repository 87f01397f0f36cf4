using System.Buffers;
using System.Buffers.Binary;
using BenchmarkDotNet.Attributes;
using Pravega.Perf.Common;
using Pravega.Perf.Wire.Appends;
using Pravega.Perf.Wire.Commands;

namespace Pravega.Perf.Benchmarks.Wire;

/// <summary>
/// One APPEND_BLOCK + APPEND_BLOCK_END holding 1,000 events of 100 bytes (108,000 bytes of EVENT frames):
/// server-side reassembly, and the two ways a client writes it. All must allocate 0 bytes per operation.
/// </summary>
[MemoryDiagnoser]
public class AppendBlockBenchmarks
{
    private const int Events = 1000;
    private const int EventSize = 100;

    private static readonly Uuid Writer = new(0x0123456789abcdef, unchecked((long)0xfedcba9876543210));

    private readonly ArrayBufferWriter<byte> _output = new(1 << 18);
    private readonly byte[] _payload = new byte[EventSize];
    private ReadOnlySequence<byte> _stream;
    private RequestReader _reader = null!;
    private AppendBlock _block;
    private AppendBlockEnd _blockEnd;
    private AppendBlockWriter _writer = null!;
    private long _eventNumber;

    [GlobalSetup]
    public void Setup()
    {
        var frames = new byte[Events * (8 + EventSize)];
        for (var i = 0; i < Events; i++)
        {
            BinaryPrimitives.WriteInt32BigEndian(frames.AsSpan((i * (8 + EventSize)) + 4), EventSize);
        }
        _block = new AppendBlock(Writer, new ReadOnlySequence<byte>(frames));
        _blockEnd = new AppendBlockEnd(Writer, frames.Length, ReadOnlySequence<byte>.Empty, Events, Events, 7);
        var bytes = new ArrayBufferWriter<byte>();
        _block.WriteTo(bytes);
        _blockEnd.WriteTo(bytes);
        _stream = new ReadOnlySequence<byte>(bytes.WrittenMemory);
        _reader = new RequestReader();
        var setup = new ArrayBufferWriter<byte>();
        new SetupAppend(7, Writer, "scope/stream/0.#epoch.0", "").WriteTo(setup);
        _reader.TryRead(new ReadOnlySequence<byte>(setup.WrittenMemory), out _, out _);
        _writer = new AppendBlockWriter(_output, new FixedAppendBlockSize(Events * (8 + EventSize) + 1));
        _writer.WriteCommand(new SetupAppend(7, Writer, "scope/stream/0.#epoch.0", ""));
        _output.ResetWrittenCount();
    }

    [Benchmark]
    public long ReassembleBlock()
    {
        _reader.TryRead(_stream, out var request, out _);
        return request.Append.Data.Length;
    }

    [Benchmark]
    public int EncodeBlockAndEnd()
    {
        _output.ResetWrittenCount();
        _block.WriteTo(_output);
        _blockEnd.WriteTo(_output);
        return _output.WrittenCount;
    }

    [Benchmark]
    public int BlockWriter1000Events()
    {
        _output.ResetWrittenCount();
        for (var i = 0; i < Events; i++)
        {
            _writer.Append(Writer, ++_eventNumber, _payload);
        }
        _writer.CloseOpenBlock();
        return _output.WrittenCount;
    }
}
