using System.Buffers;
using Pravega.Perf.Common;
using Pravega.Perf.Wire.Appends;
using Pravega.Perf.Wire.Commands;
using Pravega.Perf.Wire.Events;
using Pravega.Perf.Wire.Tests.Helpers;

namespace Pravega.Perf.Wire.Tests;

/// <summary>Malformed input is a <see cref="WireProtocolException"/> whose message names the command and the field.</summary>
public class BadInputTests
{
    private static readonly Uuid Writer = Uuid.Parse("01234567-89ab-cdef-fedc-ba9876543210");
    private const string WriterHex = "0123456789abcdeffedcba9876543210";

    private static WireProtocolException Decode(string type, string payloadHex)
    {
        var t = VectorModel.CommandType(type);
        return Assert.Throws<WireProtocolException>(() => WireCommandDecoder.Decode(t, new ReadOnlySequence<byte>(Hex.Parse(payloadHex))));
    }

    private static byte[] Encode(params IWireCommand[] commands) => Frames.Encode(commands);

    private static WireProtocolException ReadStream(params byte[][] frames)
    {
        var reader = new RequestReader();
        var buffer = new ReadOnlySequence<byte>([.. frames.SelectMany(f => f)]);
        return Assert.Throws<WireProtocolException>(() =>
        {
            while (reader.TryRead(buffer, out _, out var consumed))
            {
                buffer = buffer.Slice(consumed);
            }
        });
    }

    [Theory]
    [InlineData("HELLO", "00000011", "HELLO.lowVersion: truncated: needs 4 bytes, 0 left")]
    [InlineData("HELLO", "000000110000", "HELLO.lowVersion: truncated: needs 4 bytes, 2 left")]
    [InlineData("SETUP_APPEND", "0102030405060708" + WriterHex + "ffff616263", "SETUP_APPEND.segment: string length 65535 exceeds the payload (3 bytes left)")]
    [InlineData("SETUP_APPEND", "0102030405060708" + WriterHex + "00", "SETUP_APPEND.segment: truncated: needs 2 bytes, 1 left")]
    [InlineData("SETUP_APPEND", "0102030405060708" + "0123", "SETUP_APPEND.writerId: truncated: needs 8 bytes, 2 left")]
    [InlineData("SEGMENT_READ", "0003736567" + "0000000000000000" + "0100" + "ffffffff", "SEGMENT_READ.data: negative length -1")]
    [InlineData("SEGMENT_READ", "0003736567" + "0000000000000000" + "0100" + "00000010" + "0102", "SEGMENT_READ.data: length 16 exceeds the payload (2 bytes left)")]
    [InlineData("TABLE_ENTRIES_UPDATED", "0102030405060708" + "000003e8" + "0000000000000001", "TABLE_ENTRIES_UPDATED.versionCount: count 1000 exceeds the payload (8 bytes left)")]
    [InlineData("TABLE_READ", "0102030405060708" + "0003736567" + "80000000", "TABLE_READ.entryCount: negative count -2147483648")]
    [InlineData("CONDITIONAL_APPEND", WriterHex + "0000000000000001" + "0000000000000000" + "00000003" + "00000000", "CONDITIONAL_APPEND.event.type: expected EVENT (0), found type 3")]
    [InlineData("APPEND_BLOCK_END", WriterHex + "00000012" + "7fffffff", "APPEND_BLOCK_END.data: length 2147483647 exceeds the payload (0 bytes left)")]
    [InlineData("UPDATE_TABLE_ENTRIES", "0102030405060708" + "0003736567" + "0000" + "00000001" + "ffffffff" + "000000000000000000000000", "UPDATE_TABLE_ENTRIES.entries.key.payloadLength: negative length -1")]
    public void TruncatedOrLyingFieldsNameTheCommandAndTheField(string type, string payload, string message)
    {
        var ex = Decode(type, payload);
        Assert.Equal(message, ex.Message);
        Assert.Equal(VectorModel.CommandType(type), ex.CommandType);
    }

    [Theory]
    [InlineData("f09f9880", "invalid modified UTF-8 at byte 0 of 4")] // standard UTF-8 4-byte form (Java writes surrogates instead)
    [InlineData("61806263", "invalid modified UTF-8 at byte 1 of 4")] // a stray continuation byte
    [InlineData("6162e282", "invalid modified UTF-8 at byte 2 of 4")] // a truncated 3-byte sequence
    [InlineData("61c0416263", "invalid modified UTF-8 at byte 2 of 5")] // a 2-byte lead without its continuation
    [InlineData("ff", "invalid modified UTF-8 at byte 0 of 1")]
    public void InvalidModifiedUtf8IsAnErrorNamingTheField(string stringBytes, string problem)
    {
        var length = (stringBytes.Length / 2).ToString("x4", System.Globalization.CultureInfo.InvariantCulture);
        var ex = Decode("SETUP_APPEND", "0102030405060708" + WriterHex + length + stringBytes + "0000");
        Assert.Equal($"SETUP_APPEND.segment: {problem}", ex.Message);
        Assert.Equal("segment", ex.Field);
    }

    [Fact]
    public void WhatJavaReadUtfAcceptsIsAccepted()
    {
        // A raw 00 byte and an overlong 2-byte form are legal for Java's readUTF, so a Java peer may send them.
        var created = SegmentCreated.Read(new ReadOnlySequence<byte>(Hex.Parse("0102030405060708" + "0005" + "6100c1a162")));
        Assert.Equal("a\0ab", created.Segment.ToString());
        Assert.True(created.Segment.Equals("a\0ab"), "equality is on the decoded characters");
    }

    [Fact]
    public void OptionalTrailingFieldsDefaultWhenAnOlderPeerOmitsThem()
    {
        // SEGMENT_READ without its requestId, NO_SUCH_SEGMENT without stack trace and offset, CREATE_TABLE_SEGMENT with only a token.
        var read = SegmentRead.Read(new ReadOnlySequence<byte>(Hex.Parse("0003736567" + "0000000000000010" + "0100" + "00000001" + "aa")));
        Assert.Equal(-1, read.RequestId);
        var missing = NoSuchSegment.Read(new ReadOnlySequence<byte>(Hex.Parse("0102030405060708" + "0003736567")));
        Assert.Equal(string.Empty, missing.ServerStackTrace.ToString());
        Assert.Equal(-1, missing.Offset);
        var table = CreateTableSegment.Read(new ReadOnlySequence<byte>(Hex.Parse("0102030405060708" + "0003736567" + "0000")));
        Assert.False(table.SortedDeprecated, "sortedDeprecated defaults to false");
        Assert.Equal(0, table.KeyLength);
        Assert.Equal(0, table.RolloverSizeBytes);
        var merge = MergeSegments.Read(new ReadOnlySequence<byte>(Hex.Parse("0102030405060708" + "000174" + "000173" + "0000")));
        Assert.Empty(merge.AttributeUpdates);
    }

    [Fact]
    public void ExtraTrailingBytesFromANewerPeerAreIgnored()
    {
        var hello = Hello.Read(new ReadOnlySequence<byte>(Hex.Parse("00000011" + "00000005" + "deadbeef")));
        Assert.Equal(17, hello.HighVersion);
        Assert.Equal(5, hello.LowVersion);
    }

    private static byte[] Setup() => Encode(new SetupAppend(7, Writer, "s", ""));

    private static byte[] EventOf(int size) => Encode(new Event(new ReadOnlySequence<byte>(new byte[size])));

    private static byte[] Block(params byte[][] parts) => Encode(new AppendBlock(Writer, new ReadOnlySequence<byte>([.. parts.SelectMany(p => p)])));

    private static byte[] End(int whole, int tail = 0, int numEvents = 1, long last = 1) =>
        Encode(new AppendBlockEnd(Writer, whole, new ReadOnlySequence<byte>(new byte[tail]), numEvents, last, 7));

    [Fact]
    public void SizeOfWholeEventsBeyondTheBlockIsAnError()
    {
        var ex = ReadStream(Setup(), Block(EventOf(10)), End(19));
        Assert.Equal("APPEND_BLOCK_END.sizeOfWholeEvents: 19 is outside the block's 18 bytes", ex.Message);
        Assert.Equal("APPEND_BLOCK_END.sizeOfWholeEvents: -1 is outside the block's 18 bytes", ReadStream(Setup(), Block(EventOf(10)), End(-1)).Message);
    }

    [Fact]
    public void APartialEventThatDoesNotFillTheBlockIsAnError()
    {
        var partial = Encode(new PartialEvent(new ReadOnlySequence<byte>(new byte[6])));
        partial[7] = 5; // declares 5 of the 6 bytes that follow
        var ex = ReadStream(Setup(), Block(EventOf(10), partial), End(18, tail: 4, numEvents: 2));
        Assert.Equal("PARTIAL_EVENT.length: 5 does not fill the 6 bytes left in the APPEND_BLOCK", ex.Message);
    }

    [Fact]
    public void PaddingFollowedByEventTailIsAnError()
    {
        var ex = ReadStream(Setup(), Block(EventOf(10), Encode(new Padding(4))), End(18, tail: 3));
        Assert.Equal("APPEND_BLOCK_END.data: 3 bytes of event tail, but the block ends with PADDING", ex.Message);
    }

    [Fact]
    public void BytesAfterTheWholeEventsMustBeAPartialEventOrPadding()
    {
        Assert.Equal("APPEND_BLOCK.data: 5 bytes after the whole events cannot hold a PARTIAL_EVENT or PADDING header",
            ReadStream(Setup(), Block(EventOf(10), new byte[5]), End(18)).Message);
        Assert.Equal("APPEND_BLOCK.data: expected PARTIAL_EVENT or PADDING after the whole events, found type code 0",
            ReadStream(Setup(), Block(EventOf(10), EventOf(2)), End(18)).Message);
        Assert.Equal("APPEND_BLOCK_END.data: 4 bytes of event tail, but the block does not end with a PARTIAL_EVENT",
            ReadStream(Setup(), Block(EventOf(10)), End(18, tail: 4)).Message);
    }

    [Fact]
    public void AppendsNeedASetupAndAPositiveEventCount()
    {
        Assert.StartsWith("APPEND_BLOCK.writerId: writer 01234567-89ab-cdef-fedc-ba9876543210 was not set up",
            ReadStream(Block(EventOf(10)), End(18)).Message, StringComparison.Ordinal);
        Assert.StartsWith("CONDITIONAL_APPEND.writerId: writer 01234567",
            ReadStream(Encode(new ConditionalAppend(Writer, 1, 0, new ReadOnlySequence<byte>([1]), 7))).Message, StringComparison.Ordinal);
        Assert.Equal("APPEND_BLOCK_END.numEvents: 0 is not a positive event count",
            ReadStream(Setup(), Block(EventOf(10)), End(18, numEvents: 0)).Message);
    }

    [Fact]
    public void ConditionalEventNumbersGoingBackwardsAreWellFormedForTheServerSessionToRefuse()
    {
        var reader = new RequestReader();
        var buffer = new ReadOnlySequence<byte>([.. Setup(),
            .. Encode(new ConditionalAppend(Writer, 5, 0, new ReadOnlySequence<byte>([1]), 7)),
            .. Encode(new ConditionalBlockEnd(Writer, 3, 0, new ReadOnlySequence<byte>([1]), 7))]);
        var numbers = new List<long>();
        while (reader.TryRead(buffer, out var request, out var consumed))
        {
            if (request.Type != WireCommandType.SetupAppend)
            {
                numbers.Add(request.Append.LastEventNumber);
            }
            buffer = buffer.Slice(consumed);
        }
        Assert.Equal([5L, 3L], numbers);
    }

    [Theory]
    [InlineData(0, "EVENT")]
    [InlineData(-1, "PADDING")]
    [InlineData(-2, "PARTIAL_EVENT")]
    public void BlockContentOutsideABlockIsAnError(int code, string name)
    {
        var frame = new byte[8];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(frame, code);
        Assert.Equal($"{name}.type: only allowed inside an APPEND_BLOCK", ReadStream(frame).Message);
    }

    [Fact]
    public void AWrongCommandAfterABlockFailsAsSoonAsItsHeaderArrives()
    {
        var reader = new RequestReader();
        var setup = Setup();
        Assert.True(reader.TryRead(new ReadOnlySequence<byte>(setup), out _, out _), "setup");
        byte[] stream = [.. Block(EventOf(10)), .. Hex.Parse("0000000900ffffff")];
        var ex = Assert.Throws<WireProtocolException>(() => reader.TryRead(new ReadOnlySequence<byte>(stream), out _, out _));
        Assert.Equal("APPEND_BLOCK.blockEnd: READ_SEGMENT between APPEND_BLOCK and its APPEND_BLOCK_END", ex.Message);
    }

    [Fact]
    public void TheEventReaderRejectsABadTypeOrLengthAndWaitsForAPartialEvent()
    {
        byte[] events = [.. EventOf(3), .. EventOf(5)];
        var whole = new EventFrameReader(new ReadOnlySequence<byte>(events, 0, events.Length - 2));
        Assert.True(whole.TryReadNext(out var first), "first event is whole");
        Assert.Equal(3, first.Length);
        Assert.False(whole.TryReadNext(out _), "second event is partial");
        Assert.Equal(11, whole.Remaining.Length);
        Assert.Equal(11, whole.Consumed);
        var typed = Assert.Throws<WireProtocolException>(() => new EventFrameReader(new ReadOnlySequence<byte>(Hex.Parse("0000000300000000"))).TryReadNext(out _));
        Assert.Equal("EVENT.type: expected EVENT (0) at event offset 0, found type code 3", typed.Message);
        var big = Assert.Throws<WireProtocolException>(() => new EventFrameReader(new ReadOnlySequence<byte>(Hex.Parse("0000000000000100")), maxEventLength: 255).TryReadNext(out _));
        Assert.Equal("EVENT.length: event length 256 at event offset 0 is outside 0..255", big.Message);
    }

    [Fact]
    public void TooManyWritersOnOneConnectionIsAnError()
    {
        var reader = new RequestReader(maxWriters: 2);
        var buffer = new ReadOnlySequence<byte>([
            .. Encode(new SetupAppend(1, new Uuid(1, 1), "a", "")),
            .. Encode(new SetupAppend(2, new Uuid(1, 2), "a", "")),
            .. Encode(new SetupAppend(3, new Uuid(1, 1), "b", "")),
            .. Encode(new SetupAppend(4, new Uuid(1, 3), "a", ""))]);
        for (var i = 0; i < 3; i++)
        {
            Assert.True(reader.TryRead(buffer, out _, out var consumed), $"setup {i}");
            buffer = buffer.Slice(consumed);
        }
        var ex = Assert.Throws<WireProtocolException>(() => reader.TryRead(buffer, out _, out _));
        Assert.Equal("SETUP_APPEND.writerId: more than 2 writers set up on one connection", ex.Message);
    }
}
