using System.Buffers;

namespace Pravega.Perf.LoadHarness.Raw;

/// <summary>
/// A fixed, pinned buffer the wire codec writes frames into before one socket send. The send loop checks
/// <see cref="Free"/> before encoding a block, so running out of room is a bug, not back-pressure.
/// </summary>
internal sealed class SendBuffer : IBufferWriter<byte>
{
    private readonly byte[] _buffer;
    private int _written;

    public SendBuffer(int capacity)
    {
        _buffer = GC.AllocateUninitializedArray<byte>(capacity, pinned: true);
    }

    public int Capacity => _buffer.Length;

    public int Free => _buffer.Length - _written;

    public int WrittenCount => _written;

    public ReadOnlyMemory<byte> Written => _buffer.AsMemory(0, _written);

    public void Clear() => _written = 0;

    public void Advance(int count)
    {
        if ((uint)count > (uint)Free)
        {
            throw new InvalidOperationException($"advance by {count} with {Free} bytes free");
        }
        _written += count;
    }

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        EnsureRoom(sizeHint);
        return _buffer.AsMemory(_written);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        EnsureRoom(sizeHint);
        return _buffer.AsSpan(_written);
    }

    private void EnsureRoom(int sizeHint)
    {
        if (Free < Math.Max(sizeHint, 1))
        {
            throw new InvalidOperationException($"send buffer of {_buffer.Length} bytes is full ({sizeHint} asked, {Free} free)");
        }
    }
}
