using Pravega.Perf.SegmentStore.Wal;

namespace Pravega.Perf.Benchmarks.SegmentStore;

/// <summary>
/// A WAL device that copies each frame into one reused buffer (so the memory traffic of a write is paid) and keeps
/// nothing: it takes the disk and the log's own storage out of an engine measurement.
/// </summary>
public sealed class DiscardingWalDevice : IWalDevice
{
    private readonly byte[] _sink;
    private long _address;

    public DiscardingWalDevice(int maxFrameLength = 32 << 20)
    {
        MaxFrameLength = maxFrameLength;
        _sink = GC.AllocateUninitializedArray<byte>(maxFrameLength);
    }

    public int MaxFrameLength { get; }

    public long Open() => 1;

    public IEnumerable<WalFrame> ReadAll() => [];

    public long Write(Span<byte> frame, long firstSequence, long lastSequence)
    {
        WalFrameFormat.WriteHeader(frame, _address, 1, firstSequence, lastSequence);
        frame.CopyTo(_sink);
        var address = _address;
        _address += frame.Length;
        return address;
    }

    public void TruncateBefore(long address)
    {
    }

    public void Dispose()
    {
    }
}
