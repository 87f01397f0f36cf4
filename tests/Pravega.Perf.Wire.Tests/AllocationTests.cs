using System.Buffers;
using System.Buffers.Binary;
using Pravega.Perf.Common;
using Pravega.Perf.Wire.Appends;
using Pravega.Perf.Wire.Commands;
using Pravega.Perf.Wire.Tests.Helpers;

namespace Pravega.Perf.Wire.Tests;

/// <summary>
/// Allocation budgets, measured with <see cref="GC.GetAllocatedBytesForCurrentThread"/>: the hot commands decode
/// without allocating, and a declared length that lies never makes the decoder allocate in proportion to it.
/// </summary>
public class AllocationTests
{
    private static readonly Uuid Writer = Uuid.Parse("01234567-89ab-cdef-fedc-ba9876543210");

    /// <summary>Bytes allocated by <paramref name="action"/> on this thread, after one warm-up run.</summary>
    private static long Allocated(Action action)
    {
        action();
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 10; i++)
        {
            action();
        }
        return (GC.GetAllocatedBytesForCurrentThread() - before) / 10;
    }

    private static long AllocatedByFailure(Action action) => Allocated(() => Assert.Throws<WireProtocolException>(action));

    private static byte[] Encode(params IWireCommand[] commands) => Frames.Encode(commands);

    [Fact]
    public void AHeaderDeclaring16MiBWithFewBytesPresentAllocatesNothing()
    {
        var bytes = Hex.Parse("0000000a00ffffff0019736567");
        var buffer = new ReadOnlySequence<byte>(bytes);
        Assert.Equal(0, Allocated(() => Assert.False(FrameReader.TryReadFrame(buffer, out _))));
        var reader = new RequestReader();
        Assert.Equal(0, Allocated(() => Assert.False(reader.TryRead(buffer, out _, out _))));
        var block = new ReadOnlySequence<byte>(Hex.Parse("0000000300ffffff0123456789abcdef"));
        Assert.Equal(0, Allocated(() => Assert.False(reader.TryRead(block, out _, out _))));
    }

    [Fact]
    public void LyingStringBlobAndCountLengthsCostOnlyTheErrorItself()
    {
        // Each payload declares far more than it holds: a 65535-byte string, a 16 MiB blob, 2^31-1 table entries.
        var lyingString = new ReadOnlySequence<byte>(Hex.Parse("0102030405060708" + "0123456789abcdeffedcba9876543210" + "ffff" + "616263"));
        var lyingBlob = new byte[2 + 3 + 8 + 2 + 4 + 4];
        "\0\u0003seg"u8.CopyTo(lyingBlob);
        BinaryPrimitives.WriteInt32BigEndian(lyingBlob.AsSpan(15), WireProtocol.MaxPayloadLength);
        var lyingCount = Hex.Parse("0102030405060708" + "0003736567" + "7fffffff" + "00000000");
        var budget = 4096;
        var s = AllocatedByFailure(() => SetupAppend.Read(lyingString));
        Assert.True(s < budget, $"a lying string length cost {s} bytes");
        var b = AllocatedByFailure(() => SegmentRead.Read(new ReadOnlySequence<byte>(lyingBlob)));
        Assert.True(b < budget, $"a lying blob length cost {b} bytes");
        var c = AllocatedByFailure(() => TableRead.Read(new ReadOnlySequence<byte>(lyingCount)));
        Assert.True(c < budget, $"a lying entry count cost {c} bytes");
    }

    [Fact]
    public void DecodingTheHotCommandsAllocatesNothing()
    {
        var segmentRead = new ReadOnlySequence<byte>(Encode(new SegmentRead("scope/stream/0.#epoch.0", 42, true, false,
            new ReadOnlySequence<byte>(new byte[4096]), 9))[8..]);
        var dataAppended = new ReadOnlySequence<byte>(Encode(new DataAppended(Writer, 10, 9, 7, 1080))[8..]);
        var conditional = new ReadOnlySequence<byte>(Encode(new ConditionalAppend(Writer, 1, 0, new ReadOnlySequence<byte>(new byte[100]), 7))[8..]);
        var blockEnd = new ReadOnlySequence<byte>(Encode(new AppendBlockEnd(Writer, 108, new ReadOnlySequence<byte>(new byte[20]), 2, 2, 7))[8..]);
        var block = new ReadOnlySequence<byte>(Encode(new AppendBlock(Writer, new ReadOnlySequence<byte>(new byte[108])))[8..]);
        Assert.Equal(0, Allocated(() => _ = SegmentRead.Read(segmentRead)));
        Assert.Equal(0, Allocated(() => _ = DataAppended.Read(dataAppended)));
        Assert.Equal(0, Allocated(() => _ = ConditionalAppend.Read(conditional)));
        Assert.Equal(0, Allocated(() => _ = AppendBlockEnd.Read(blockEnd)));
        Assert.Equal(0, Allocated(() => _ = AppendBlock.Read(block)));
    }

    [Fact]
    public void ReassemblingAnAppendOfAKnownWriterAllocatesNothing()
    {
        var events = new byte[1000 * 108];
        for (var i = 0; i < 1000; i++)
        {
            BinaryPrimitives.WriteInt32BigEndian(events.AsSpan((i * 108) + 4), 100);
        }
        var reader = new RequestReader();
        var setup = new ReadOnlySequence<byte>(Encode(new SetupAppend(7, Writer, "scope/stream/0.#epoch.0", "")));
        Assert.True(reader.TryRead(setup, out _, out _), "setup");
        var number = 0L;
        var bytes = Encode(new AppendBlock(Writer, new ReadOnlySequence<byte>(events)),
            new AppendBlockEnd(Writer, events.Length, ReadOnlySequence<byte>.Empty, 1000, long.MaxValue, 7));
        var stream = Segmented.Chunked(bytes, 4096);
        var allocated = Allocated(() =>
        {
            Assert.True(reader.TryRead(stream, out var request, out _), "block + end");
            number += request.Append.EventCount;
        });
        Assert.Equal(0, allocated);
        Assert.Equal(11_000, number);
    }

    [Fact]
    public void EncodingIntoAWarmBufferAllocatesNothing()
    {
        var output = new ArrayBufferWriter<byte>(1 << 21);
        var data = new ReadOnlySequence<byte>(new byte[1 << 20]);
        var read = new SegmentRead("scope/stream/0.#epoch.0", 42, true, false, data, 9);
        var end = new AppendBlockEnd(Writer, 108, new ReadOnlySequence<byte>(new byte[20]), 2, 2, 7);
        Assert.Equal(0, Allocated(() =>
        {
            output.ResetWrittenCount();
            read.WriteTo(output);
            end.WriteTo(output);
        }));
    }
}
