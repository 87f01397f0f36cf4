using System.Runtime.InteropServices;
using Pravega.Perf.Interop.Files;
using Pravega.Perf.Interop.Memory;

namespace Pravega.Perf.Interop.Tests.Files;

public sealed class DirectStagingTests
{
    [Fact]
    public void AHeadAndTheRestAreStagedInOrderOnAnAlignedAddressAndZeroPaddedToTheNextBlock()
    {
        using var staging = new DirectStaging();
        // Dirty the buffer first, so the zeros below are padding, not fresh memory.
        staging.Stage(Enumerable.Repeat((byte)0xEE, 3 * DirectFile.Alignment).ToArray());
        var head = Enumerable.Range(0, 1000).Select(i => (byte)i).ToArray();
        var rest = Enumerable.Range(0, 5000).Select(i => (byte)(i * 7)).ToArray();

        var staged = staging.Stage(head, rest);

        Assert.True(staged.Length == 2 * DirectFile.Alignment, $"6000 bytes staged as {staged.Length}, not two 4 KiB blocks");
        Assert.True(MemoryMarshal.TryGetMemoryManager<byte, AlignedBuffer>(staged, out var buffer, out var start, out _)
            && start == 0 && buffer.Address % DirectFile.Alignment == 0, "the staged bytes do not start on a 4 KiB boundary");
        var span = staged.Span;
        Assert.True(span[..1000].SequenceEqual(head), "the head is not first");
        Assert.True(span[1000..6000].SequenceEqual(rest), "the rest does not follow the head");
        Assert.True(span[6000..].IndexOfAnyExcept((byte)0) < 0, "the padding after the bytes is not zeros");
    }

    [Fact]
    public void AnAlignedFrameIsStagedWithoutPaddingAndAnEmptyOneAsNothing()
    {
        using var staging = new DirectStaging();
        Assert.True(staging.Stage(new byte[DirectFile.Alignment]).Length == DirectFile.Alignment, "a whole block was padded");
        Assert.True(staging.Stage([], []).Length == 0, "nothing staged came back as bytes");
    }
}
