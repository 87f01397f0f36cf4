using System.Numerics;
using Pravega.Perf.Interop.Files;
using Pravega.Perf.Interop.Memory;

namespace Pravega.Perf.SegmentStore.Wal;

/// <summary>
/// The aligned buffer an O_DIRECT WAL device copies each frame into: O_DIRECT needs 4 KiB-aligned memory, offsets and
/// lengths, so the frame is padded with zeros to the next 4 KiB (frames start on 4 KiB boundaries, and recovery
/// ignores what follows a frame's length). Grows to a power of two for a frame larger than any before. One writer.
/// </summary>
internal sealed class DirectStaging : IDisposable
{
    private const int InitialSize = 1 << 20;

    private AlignedBuffer? _buffer;

    /// <summary>Copies <paramref name="frame"/> in, zero-pads it, and returns the padded bytes.</summary>
    public Memory<byte> Stage(ReadOnlySpan<byte> frame)
    {
        var padded = (frame.Length + DirectFile.Alignment - 1) & ~(DirectFile.Alignment - 1);
        var buffer = Buffer(padded);
        var span = buffer.GetSpan();
        frame.CopyTo(span);
        span[frame.Length..padded].Clear();
        return buffer.Memory[..padded];
    }

    public void Dispose()
    {
        ((IDisposable?)_buffer)?.Dispose();
        _buffer = null;
    }

    private AlignedBuffer Buffer(int length)
    {
        if (_buffer is null || _buffer.Length < length)
        {
            Dispose();
            var size = length > 1 << 30 ? length : Math.Max(InitialSize, (int)BitOperations.RoundUpToPowerOf2((uint)length));
            _buffer = new AlignedBuffer(size, DirectFile.Alignment, clear: false);
        }
        return _buffer;
    }
}
