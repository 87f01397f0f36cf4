namespace Pravega.Perf.SegmentStore.Wal;

/// <summary>
/// The "disk" behind <see cref="InMemoryWalDevice"/>: it outlives the devices opened on it, so a test can drop a
/// container (a crash), open a new device on the same store and recover. Thread-safe.
/// </summary>
public sealed class InMemoryWalStore
{
    private readonly List<(long Address, byte[] Bytes)> _frames = [];
    private readonly Lock _lock = new();
    private long _epoch;

    public long Epoch
    {
        get
        {
            lock (_lock)
            {
                return _epoch;
            }
        }
    }

    /// <summary>Number of frames held (valid or not).</summary>
    public int FrameCount
    {
        get
        {
            lock (_lock)
            {
                return _frames.Count;
            }
        }
    }

    /// <summary>Total bytes held.</summary>
    public long TotalBytes
    {
        get
        {
            lock (_lock)
            {
                return _frames.Sum(f => (long)f.Bytes.Length);
            }
        }
    }

    /// <summary>Simulates a torn last write: keeps only the first <paramref name="keepBytes"/> of the last frame.</summary>
    public void TearLastFrame(int keepBytes)
    {
        lock (_lock)
        {
            var (address, bytes) = _frames[^1];
            _frames[^1] = (address, bytes[..Math.Min(keepBytes, bytes.Length)]);
        }
    }

    /// <summary>Flips one payload byte of the frame at <paramref name="index"/> (a media error).</summary>
    public void CorruptFrame(int index, int payloadOffset = 0)
    {
        lock (_lock)
        {
            _frames[index].Bytes[WalFrameFormat.HeaderLength + payloadOffset] ^= 0xFF;
        }
    }

    internal long RaiseEpoch()
    {
        lock (_lock)
        {
            return ++_epoch;
        }
    }

    internal long Append(ReadOnlySpan<byte> frame, long writerEpoch, long address)
    {
        lock (_lock)
        {
            if (writerEpoch != _epoch)
            {
                throw new WalFencedException($"Epoch {writerEpoch} was fenced out by epoch {_epoch}.");
            }
            _frames.Add((address, frame.ToArray()));
            return address;
        }
    }

    internal List<(long Address, byte[] Bytes)> Snapshot()
    {
        lock (_lock)
        {
            return [.. _frames];
        }
    }

    internal void CutFrom(int index)
    {
        lock (_lock)
        {
            _frames.RemoveRange(index, _frames.Count - index);
        }
    }

    internal void RemoveBefore(long address)
    {
        lock (_lock)
        {
            _frames.RemoveAll(f => f.Address + f.Bytes.Length <= address);
        }
    }
}
