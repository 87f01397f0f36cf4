using System.Buffers;
using BenchmarkDotNet.Attributes;
using Pravega.Perf.Client.Segments;
using Pravega.Perf.Client.Writers;

namespace Pravega.Perf.Benchmarks.Client;

/// <summary>
/// One event's encoding on the writer's path, without a server: the serializer turns the value into bytes and
/// <see cref="AppendBatch.AddEvent"/> frames them (<c>[int 0][int length][payload]</c>) into the pooled batch buffer.
/// Each invocation encodes <see cref="Events"/> events into one batch, released afterwards.
/// Run: <c>dotnet run -c Release --project bench/Pravega.Perf.Benchmarks -- --filter '*EventEncoding*'</c>.
/// </summary>
[MemoryDiagnoser]
public class EventEncodingBenchmarks
{
    private const int Events = 1000;
    private readonly ByteArraySerializer _bytes = new();
    private readonly Utf8StringSerializer _strings = new();
    private readonly ArrayBufferWriter<byte> _scratch = new(64 * 1024);
    private byte[] _payload = [];
    private string _text = "";

    [Params(100, 1024)]
    public int EventSize { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _payload = new byte[EventSize];
        Random.Shared.NextBytes(_payload);
        _text = new string('x', EventSize);
    }

    /// <summary>Byte-array events: the serializer hands the array over; framing copies it into the batch.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Events)]
    public int Bytes()
    {
        var batch = new AppendBatch(Events * (EventSize + 8), Events);
        for (var i = 0; i < Events; i++)
        {
            batch.AddEvent(_bytes.Serialize(_payload).Span, 0.5);
        }
        var length = batch.Length;
        batch.Release();
        return length;
    }

    /// <summary>String events through <see cref="Utf8StringSerializer"/>'s buffer path (no array per event), then framed.</summary>
    [Benchmark(OperationsPerInvoke = Events)]
    public int Utf8Strings()
    {
        var batch = new AppendBatch(Events * (EventSize + 8), Events);
        for (var i = 0; i < Events; i++)
        {
            _scratch.ResetWrittenCount();
            _strings.Serialize(_text, _scratch);
            batch.AddEvent(_scratch.WrittenSpan, 0.5);
        }
        var length = batch.Length;
        batch.Release();
        return length;
    }
}
