using BenchmarkDotNet.Attributes;
using Pravega.Perf.Common;
using Pravega.Perf.SegmentStore;
using Pravega.Perf.SegmentStore.Contracts;
using Pravega.Perf.SegmentStore.Contracts.Appends;
using Pravega.Perf.SegmentStore.Contracts.Attributes;

namespace Pravega.Perf.Benchmarks.SegmentStore;

/// <summary>
/// The server's append path below the wire decoder: <c>ISegmentStore.AppendAsync</c> → container validation and
/// exactly-once check → copy into the WAL frame and the cache → writer thread → commit thread → ack. The device
/// discards frames, so this is the engine's own cost. Each invocation issues <see cref="Batch"/> appends (one
/// writer, pipelined like a client's in-flight window) and waits for the last ack; acks come in order.
/// Run: <c>dotnet run -c Release --project bench/Pravega.Perf.Benchmarks -- --filter '*AppendPath*'</c>
/// </summary>
[MemoryDiagnoser]
public class AppendPathBenchmarks
{
    private const int Batch = 1000;
    private const string Segment = "scope/stream/0.#epoch.0";
    private static readonly Uuid Writer = new(0x0123_4567, 0x89AB_CDEF);

    private readonly ValueTask<long>[] _pending = new ValueTask<long>[Batch];
    private SegmentStoreService _store = null!;
    private AppendData _data;
    private long _eventNumber;
    private long _length;

    /// <summary>Bytes per append block (one event of this size, or a block of several).</summary>
    [Params(100, 1024, 64 * 1024)]
    public int AppendSize { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _store = DiscardingStore.Start();
        _store.CreateSegmentAsync(Segment, SegmentType.StreamSegment, []).GetAwaiter().GetResult();
        _data = new AppendData(new byte[AppendSize].AsMemory());
        _eventNumber = SegmentAttributes.NullValue;
    }

    [GlobalCleanup]
    public void Cleanup() => _store.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [Benchmark(OperationsPerInvoke = Batch)]
    public long Append()
    {
        for (var i = 0; i < Batch; i++)
        {
            var next = _eventNumber == SegmentAttributes.NullValue ? 0 : _eventNumber + 1;
#pragma warning disable CA2012 // Pipelined like a client's window: each ValueTask is stored once and consumed once below.
            _pending[i] = _store.AppendAsync(Segment, _data, new WriterUpdate(Writer, _eventNumber, next, 1), -1);
#pragma warning restore CA2012
            _eventNumber = next;
        }

        // Spin rather than await so the measured loop itself allocates nothing (an async method would box its state
        // machine once per invocation). Each one is waited for: a frame's appends complete last to first.
        var spinner = default(SpinWait);
        for (var i = 0; i < Batch; i++)
        {
            while (!_pending[i].IsCompleted)
            {
                spinner.SpinOnce();
            }
            _length = _pending[i].GetAwaiter().GetResult();
        }
        if (_length > (512L << 20))
        {
            // Keep the cache from filling over millions of invocations (rare, so it does not show per append).
            _store.TruncateAsync(Segment, _length).GetAwaiter().GetResult();
        }
        return _length;
    }
}
