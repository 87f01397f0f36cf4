using System.Buffers.Binary;
using System.Net;
using System.Runtime.CompilerServices;
using BenchmarkDotNet.Attributes;
using Pravega.Perf.Client.Readers;
using Pravega.Perf.Client.Segments;

namespace Pravega.Perf.Benchmarks.Client;

/// <summary>
/// The reader's event parsing: <c>SegmentInput.TryTakeEvent</c> cutting events out of the chunks a segment read
/// returned, including the one event that straddles the two chunks (copied whole by <c>TryJoinStraddling</c>). The
/// input is built with an end cut at its start offset, so it never issues a read; the two chunks are put in its queue
/// directly (there is no public seam for feeding it without a store), and each invocation parses all their events.
/// Run: <c>dotnet run -c Release --project bench/Pravega.Perf.Benchmarks -- --filter '*ReaderParsing*'</c>.
/// </summary>
[MemoryDiagnoser]
public class ReaderParsingBenchmarks
{
    private const int ChunkBytes = 256 * 1024;
    private SegmentStoreClient _client = null!;
    private ReadOnlyMemory<byte> _first;
    private ReadOnlyMemory<byte> _second;
    private int _events;

    [Params(100, 1024)]
    public int EventSize { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _client = new SegmentStoreClient(new FixedEndpointResolver(new IPEndPoint(IPAddress.Loopback, 9)));
        // Events laid end to end over two chunks: the cut falls inside the event in the middle.
        var framed = EventSize + EventFraming.HeaderLength;
        _events = 2 * ChunkBytes / framed;
        var all = new byte[_events * framed];
        for (var offset = 0; offset < all.Length; offset += framed)
        {
            BinaryPrimitives.WriteInt32BigEndian(all.AsSpan(offset), 0);
            BinaryPrimitives.WriteInt32BigEndian(all.AsSpan(offset + 4), EventSize);
        }
        var cut = all.Length / 2 + framed / 2;
        _first = all.AsMemory(0, cut);
        _second = all.AsMemory(cut);
    }

    [GlobalCleanup]
    public void Cleanup() => _client.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [Benchmark]
    public long ParseTwoChunks()
    {
        using var input = new SegmentInput(_client, "bench/parse/0.#epoch.0", 0, end: 0);
        Chunks(input).Enqueue(_first);
        Chunks(input).Enqueue(_second);
        Buffered(input) = _first.Length + _second.Length;
        long bytes = 0;
        var events = 0;
        while (input.TryTakeEvent(out var payload, out _))
        {
            bytes += payload.Length;
            events++;
        }
        return events == _events ? bytes : throw new InvalidOperationException($"parsed {events} of {_events} events");
    }

    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "_chunks")]
    private static extern ref Queue<ReadOnlyMemory<byte>> Chunks(SegmentInput input);

    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "_buffered")]
    private static extern ref long Buffered(SegmentInput input);
}
