using System.Buffers;
using System.Runtime.InteropServices;
using Pravega.Perf.Interop.Memory;

namespace Pravega.Perf.Interop.Tests.Memory;

public sealed class AlignedBufferTests
{
    [Theory]
    [InlineData(1, 4096)]
    [InlineData(4096, 4096)]
    [InlineData(100_000, 4096)]
    [InlineData(1000, 64)]
    [InlineData(3, 65536)]
    public void TheAddressIsAMultipleOfTheAlignmentAndTheMemoryStartsZeroed(int length, int alignment)
    {
        using var buffer = new AlignedBuffer(length, alignment);
        Assert.True(buffer.Address % alignment == 0, $"address {buffer.Address:x} is not {alignment}-aligned");
        Assert.Equal(length, buffer.Length);
        Assert.Equal(length, buffer.Memory.Length);
        Assert.True(buffer.GetSpan().IndexOfAnyExcept((byte)0) < 0, "fresh memory is not zeroed");
    }

    [Fact]
    public void WritesThroughTheSpanAreSeenThroughMemoryAndTheAddress()
    {
        using var buffer = new AlignedBuffer(8192);
        buffer.GetSpan()[8191] = 0xAB;
        Assert.Equal(0xAB, buffer.Memory.Span[8191]);
        Assert.Equal(0xAB, Marshal.ReadByte(buffer.Address, 8191));
    }

    [Fact]
    public void ADisposedBufferRefusesAccessAndDisposingTwiceIsHarmless()
    {
        var buffer = new AlignedBuffer(4096);
        var memory = buffer.Memory;
        ((IDisposable)buffer).Dispose();
        ((IDisposable)buffer).Dispose();
        Assert.Throws<ObjectDisposedException>(() => buffer.GetSpan());
        Assert.Throws<ObjectDisposedException>(() => memory.Span.Length);
        Assert.Throws<ObjectDisposedException>(() => buffer.Address);
        Assert.Throws<ObjectDisposedException>(() => memory.Pin());
    }

    [Fact]
    public void APinKeepsTheMemoryAliveAcrossDisposeUntilItIsReleased()
    {
        var buffer = new AlignedBuffer(4096);
        var address = buffer.Address;
        MemoryHandle handle = buffer.Memory[16..].Pin();
        ((IDisposable)buffer).Dispose();
        Assert.Throws<ObjectDisposedException>(() => buffer.GetSpan());
        // An I/O still in flight may write here after the owner let go; the memory must still be ours.
        Marshal.WriteByte(address, 16, 7);
        Assert.Equal(7, Marshal.ReadByte(address, 16));
        handle.Dispose();
        Assert.Throws<ObjectDisposedException>(() => buffer.GetSpan());
    }

    [Theory]
    [InlineData(0, 4096)]
    [InlineData(-1, 4096)]
    [InlineData(10, 0)]
    [InlineData(10, 3000)]
    [InlineData(10, -4096)]
    public void InvalidLengthsAndAlignmentsAreRejected(int length, int alignment)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new AlignedBuffer(length, alignment));
    }
}
