using System.Buffers;
using Pravega.Perf.Wire.Tests.Helpers;

namespace Pravega.Perf.Wire.Tests;

public class FrameReaderTests
{
    private static readonly byte[] Hello = Hex.Parse("ffffff81000000080000001100000005");

    [Fact]
    public void AWholeFrameIsReturnedAsASliceOfTheInput()
    {
        var buffer = new ReadOnlySequence<byte>([.. Hello, .. Hello]);
        Assert.True(FrameReader.TryReadFrame(buffer, out var frame), "a whole HELLO frame is buffered");
        Assert.Equal(WireCommandType.Hello, frame.Type);
        Assert.Equal(8, frame.PayloadLength);
        Assert.Equal(16, frame.TotalLength);
        Assert.Equal(16, buffer.Slice(0, frame.End).Length);
        Assert.True(frame.Payload.Start.Equals(buffer.GetPosition(8)), "the payload must be a slice, not a copy");
    }

    [Fact]
    public void EveryPrefixOfAFrameAsksForMoreBytes()
    {
        for (var n = 0; n < Hello.Length; n++)
        {
            Assert.False(FrameReader.TryReadFrame(new ReadOnlySequence<byte>(Hello, 0, n), out _), $"{n} of 16 bytes is not a frame");
        }
    }

    [Fact]
    public void AHeaderSplitAcrossSegmentsIsRead()
    {
        for (var cut = 1; cut < Hello.Length; cut++)
        {
            Assert.True(FrameReader.TryReadFrame(Segmented.Split(Hello, cut), out var frame), $"cut at {cut}");
            Assert.Equal(WireCommandType.Hello, frame.Type);
        }
    }

    [Theory]
    [InlineData("ffffff81ffffffff", "negative payload length -1")]
    [InlineData("ffffff8101000000", "payload length 16777216 exceeds the maximum 16777215")]
    public void ABadDeclaredLengthFailsBeforeThePayloadArrives(string header, string expected)
    {
        var ex = Assert.Throws<WireProtocolException>(() => FrameReader.TryReadFrame(new ReadOnlySequence<byte>(Hex.Parse(header)), out _));
        Assert.Equal($"HELLO.length: {expected}", ex.Message);
        Assert.Equal(WireCommandType.Hello, ex.CommandType);
        Assert.Equal("length", ex.Field);
    }

    [Fact]
    public void TheLargestLegalLengthWaitsForItsPayload()
    {
        Assert.False(FrameReader.TryReadFrame(new ReadOnlySequence<byte>(Hex.Parse("0000000a00ffffff")), out _),
            "16 MiB - 1 is legal: the reader must wait for the payload");
    }

    [Theory]
    [InlineData(6)]
    [InlineData(13)]
    [InlineData(101)]
    [InlineData(-128)]
    [InlineData(int.MaxValue)]
    public void AnUnknownTypeCodeIsAProtocolError(int code)
    {
        var header = new byte[8];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(header, code);
        var ex = Assert.Throws<WireProtocolException>(() => FrameReader.TryReadFrame(new ReadOnlySequence<byte>(header), out _));
        Assert.Equal($"FRAME.type: unknown command type code {code}", ex.Message);
    }
}
