using Pravega.Perf.SegmentStore.Wal;

namespace Pravega.Perf.Testing.SegmentStore;

/// <summary>
/// Wraps a WAL device to inject faults deterministically: fail every write after the first N, hold writes at a gate
/// until the test opens it (to line up group commits), or add a fixed latency. Failures happen before the inner
/// write, so a failed frame never reaches the log (the device contract). The container drives it as a pipeline: the
/// inner device's own (several writes in flight) or, for a synchronous one, a pipeline of depth one; the faults apply
/// when a write begins.
/// </summary>
public sealed class FaultInjectingWalDevice : IWalDevice, IWalPipeline
{
    private readonly IWalDevice _inner;
    private readonly IWalPipeline _pipeline;
    private readonly ManualResetEventSlim _gate = new(true);
    private readonly SemaphoreSlim _arrivals = new(0);
    private int _writes;

    public FaultInjectingWalDevice(IWalDevice inner)
    {
        _inner = inner;
        _pipeline = SynchronousWalPipeline.For(inner);
    }

    /// <summary>Writes after this many successful ones throw; null = never.</summary>
    public int? FailAfterWrites { get; set; }

    /// <summary>Sleep before each write (for benchmarks and by-hand runs, never for timing assertions).</summary>
    public TimeSpan Latency { get; set; }

    /// <summary>Number of writes that began without an injected failure (for a synchronous inner device: that are durable).</summary>
    public int Writes => Volatile.Read(ref _writes);

    /// <summary>Frame sizes of the successful writes, in order.</summary>
    public List<int> FrameSizes { get; } = [];

    public int MaxFrameLength => _inner.MaxFrameLength;

    /// <summary>Makes every following write wait until <see cref="OpenGate"/>.</summary>
    public void CloseGate() => _gate.Reset();

    public void OpenGate() => _gate.Set();

    /// <summary>Waits until a write has reached the device (and, if the gate is closed, is held there).</summary>
    public Task WaitForWriteAsync() => _arrivals.WaitAsync();

    public long Open() => _inner.Open();

    public IEnumerable<WalFrame> ReadAll() => _inner.ReadAll();

    public int MaxWritesInFlight => _pipeline.MaxWritesInFlight;

    public int WritesInFlight => _pipeline.WritesInFlight;

    public Action? WriteFinished
    {
        get => _pipeline.WriteFinished;
        set => _pipeline.WriteFinished = value;
    }

    public bool IsOldestWriteDone => _pipeline.IsOldestWriteDone;

    public long BeginWrite(Span<byte> frame, long firstSequence, long lastSequence)
    {
        BeforeWrite();
        var address = _pipeline.BeginWrite(frame, firstSequence, lastSequence);
        AfterWrite(frame.Length);
        return address;
    }

    public void EndOldestWrite() => _pipeline.EndOldestWrite();

    public long Write(Span<byte> frame, long firstSequence, long lastSequence)
    {
        BeforeWrite();
        var address = _inner.Write(frame, firstSequence, lastSequence);
        AfterWrite(frame.Length);
        return address;
    }

    private void BeforeWrite()
    {
        _arrivals.Release();
        _gate.Wait();
        if (Latency > TimeSpan.Zero)
        {
            Thread.Sleep(Latency);
        }
        if (FailAfterWrites is { } limit && Writes >= limit)
        {
            throw new IOException($"Injected failure of write {Writes + 1}.");
        }
    }

    private void AfterWrite(int length)
    {
        lock (FrameSizes)
        {
            FrameSizes.Add(length);
        }
        Interlocked.Increment(ref _writes);
    }

    public void TruncateBefore(long address) => _inner.TruncateBefore(address);

    public void Dispose()
    {
        _gate.Set();
        _inner.Dispose();
    }
}
