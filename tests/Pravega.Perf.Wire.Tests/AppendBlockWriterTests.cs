using System.Buffers;
using Pravega.Perf.Common;
using Pravega.Perf.Wire.Appends;
using Pravega.Perf.Wire.Commands;

namespace Pravega.Perf.Wire.Tests;

public class AppendBlockWriterTests
{
    private static readonly Uuid A = new(1, 1);
    private static readonly Uuid B = new(2, 2);

    private static List<Append> Reassemble(ReadOnlySpan<byte> bytes)
    {
        var reader = new RequestReader();
        var appends = new List<Append>();
        var buffer = new ReadOnlySequence<byte>(bytes.ToArray());
        while (reader.TryRead(buffer, out var request, out var consumed))
        {
            if (request.IsAppend)
            {
                appends.Add(request.Append);
            }
            buffer = buffer.Slice(consumed);
        }
        Assert.True(buffer.IsEmpty, "everything written is read back");
        return appends;
    }

    [Fact]
    public void AnEventThatExactlyFillsTheBlockTravelsAsAPartialEventWithAnEmptyTail()
    {
        var output = new ArrayBufferWriter<byte>();
        var writer = new AppendBlockWriter(output, new FixedAppendBlockSize(36));
        writer.WriteCommand(new SetupAppend(7, A, "s", ""));
        writer.Append(A, 1, new byte[10]); // 18 bytes, 18 left
        writer.Append(A, 2, new byte[10]); // exactly the 18 left: split with nothing after
        Assert.False(writer.HasOpenBlock, "the block is full and closed");
        var append = Assert.Single(Reassemble(output.WrittenSpan));
        Assert.Equal(2, append.EventCount);
        Assert.Equal(36, append.Data.Length);
        Assert.Equal(0, append.Data.Tail.Length);
    }

    [Fact]
    public void AnotherWritersQueueIsFlushedWhenItExceeds500Events()
    {
        var output = new ArrayBufferWriter<byte>();
        var writer = new AppendBlockWriter(output, new FixedAppendBlockSize(1 << 16));
        writer.WriteCommand(new SetupAppend(7, A, "a", ""));
        writer.WriteCommand(new SetupAppend(8, B, "b", ""));
        writer.Append(A, 1, [1]);
        for (var i = 1; i <= AppendBlockWriter.MaxQueuedEvents + 1; i++)
        {
            writer.Append(B, i, [2]);
        }
        Assert.False(writer.HasOpenBlock, "the 501st queued event forced A's block closed");
        var appends = Reassemble(output.WrittenSpan);
        Assert.Equal([A, B], appends.Select(a => a.WriterId));
        Assert.Equal(501, appends[1].EventCount);
        Assert.Equal(501, appends[1].LastEventNumber);
        Assert.Equal(8, appends[1].RequestId);
    }

    [Fact]
    public void EventNumbersMustIncreaseAndWritersMustBeSetUp()
    {
        var writer = new AppendBlockWriter(new ArrayBufferWriter<byte>(), new FixedAppendBlockSize(0));
        Assert.Throws<InvalidOperationException>(() => writer.Append(A, 1, [1]));
        writer.WriteCommand(new SetupAppend(7, A, "a", ""));
        writer.Append(A, 1, [1]);
        Assert.Throws<ArgumentOutOfRangeException>(() => writer.Append(A, 1, [1]));
        Assert.Throws<ArgumentException>(() => writer.WriteCommand(new Padding(3)));
    }

    [Fact]
    public void ClosingTheOpenBlockPadsItAndRawAppendsAreStoredAsGiven()
    {
        var output = new ArrayBufferWriter<byte>();
        var writer = new AppendBlockWriter(output, new FixedAppendBlockSize(100));
        writer.WriteCommand(new SetupAppend(7, A, "a", ""));
        writer.AppendRaw(A, 1, "raw bytes of a byte stream"u8);
        Assert.True(writer.HasOpenBlock, "a batched block stays open");
        writer.CloseOpenBlock();
        Assert.False(writer.HasOpenBlock, "closed by the call");
        var append = Assert.Single(Reassemble(output.WrittenSpan));
        Assert.Equal("raw bytes of a byte stream"u8.ToArray(), append.Data.ToArray());
    }
}
