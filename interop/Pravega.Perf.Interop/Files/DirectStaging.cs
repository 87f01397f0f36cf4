using System.Numerics;
using Pravega.Perf.Interop.Memory;

namespace Pravega.Perf.Interop.Files;

/// <summary>
/// The aligned buffer an O_DIRECT writer copies its bytes into: O_DIRECT needs 4 KiB-aligned memory, offsets and
/// lengths, so the bytes are padded with zeros to the next 4 KiB. The WAL devices stage one frame (frames start on
/// 4 KiB boundaries, and recovery ignores what follows a frame's length); Tier-2 chunk appends stage the kept tail of
/// the last partial block followed by the new bytes. Grows to a power of two for a write larger than any before. One
/// writer at a time.
/// </summary>
public sealed class DirectStaging : IDisposable
{
    private const int InitialSize = 1 << 20;

    private AlignedBuffer? _buffer;

    /// <summary>Copies <paramref name="frame"/> in, zero-pads it, and returns the padded bytes.</summary>
    public Memory<byte> Stage(ReadOnlySpan<byte> frame) => Stage(frame, []);

    /// <summary>Copies <paramref name="head"/> and then <paramref name="rest"/> in, zero-pads them, and returns the
    /// padded bytes.</summary>
    public Memory<byte> Stage(ReadOnlySpan<byte> head, ReadOnlySpan<byte> rest)
    {
        var length = head.Length + rest.Length;
        var padded = (length + DirectFile.Alignment - 1) & ~(DirectFile.Alignment - 1);
        var buffer = Buffer(padded);
        var span = buffer.GetSpan();
        head.CopyTo(span);
        rest.CopyTo(span[head.Length..]);
        span[length..padded].Clear();
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
