namespace Pravega.Perf.SegmentStore.Wal;

/// <summary>
/// A volatile WAL device over an <see cref="InMemoryWalStore"/>: the whole log is kept as copies of the frames. Used
/// by tests and benchmarks (to take the disk out of the measurement); it validates frames on recovery exactly as the
/// file device does.
/// </summary>
public sealed class InMemoryWalDevice : IWalDevice
{
    private readonly InMemoryWalStore _store;
    private long _epoch;
    private long _nextAddress;

    public InMemoryWalDevice(InMemoryWalStore store, int maxFrameLength = 64 << 20)
    {
        _store = store;
        MaxFrameLength = maxFrameLength;
    }

    public int MaxFrameLength { get; }

    public long Open()
    {
        _epoch = _store.RaiseEpoch();
        return _epoch;
    }

    public IEnumerable<WalFrame> ReadAll()
    {
        var frames = _store.Snapshot();
        _nextAddress = frames.Count == 0 ? 0 : frames[0].Address;
        for (var i = 0; i < frames.Count; i++)
        {
            var (address, bytes) = frames[i];
            var length = WalFrameFormat.ReadPayloadLength(bytes, _nextAddress, MaxFrameLength);
            if (address != _nextAddress || length < 0 || bytes.Length != WalFrameFormat.HeaderLength + length
                || !WalFrameFormat.IsPayloadValid(bytes))
            {
                _store.CutFrom(i);
                yield break;
            }
            _nextAddress += bytes.Length;
            yield return WalFrameFormat.ToFrame(bytes);
        }
    }

    public long Write(Span<byte> frame, long firstSequence, long lastSequence)
    {
        if (frame.Length > MaxFrameLength)
        {
            throw new ArgumentException($"Frame of {frame.Length} bytes exceeds {MaxFrameLength}.", nameof(frame));
        }
        WalFrameFormat.WriteHeader(frame, _nextAddress, _epoch, firstSequence, lastSequence);
        var address = _store.Append(frame, _epoch, _nextAddress);
        _nextAddress += frame.Length;
        return address;
    }

    public void TruncateBefore(long address) => _store.RemoveBefore(address);

    public void Dispose()
    {
    }
}
