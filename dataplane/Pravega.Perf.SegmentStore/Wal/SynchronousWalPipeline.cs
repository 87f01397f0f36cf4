namespace Pravega.Perf.SegmentStore.Wal;

/// <summary>
/// A device that writes one frame at a time, seen as a pipeline of depth one: <see cref="BeginWrite"/> is the whole
/// synchronous <see cref="IWalDevice.Write"/> (durable, or it throws: the frame never began), so the write is already
/// finished when collected. Lets the container drive every device through <see cref="IWalPipeline"/>.
/// </summary>
public sealed class SynchronousWalPipeline : IWalPipeline
{
    private readonly IWalDevice _device;
    private bool _inFlight;

    public SynchronousWalPipeline(IWalDevice device)
    {
        _device = device;
    }

    /// <summary>The device's own pipeline if it has one, else this adapter around it.</summary>
    public static IWalPipeline For(IWalDevice device) => device as IWalPipeline ?? new SynchronousWalPipeline(device);

    public int MaxWritesInFlight => 1;

    public int WritesInFlight => _inFlight ? 1 : 0;

    /// <summary>Never called: a write has finished by the time <see cref="BeginWrite"/> returns.</summary>
    public Action? WriteFinished { get; set; }

    public bool IsOldestWriteDone => _inFlight;

    public long BeginWrite(Span<byte> frame, long firstSequence, long lastSequence)
    {
        if (_inFlight)
        {
            throw new InvalidOperationException("A WAL write is in flight already; collect it first.");
        }
        var address = _device.Write(frame, firstSequence, lastSequence);
        _inFlight = true;
        return address;
    }

    public void EndOldestWrite()
    {
        if (!_inFlight)
        {
            throw new InvalidOperationException("No WAL write is in flight.");
        }
        _inFlight = false;
    }
}
