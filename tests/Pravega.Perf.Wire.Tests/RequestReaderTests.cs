using System.Buffers;
using Pravega.Perf.Common;
using Pravega.Perf.Wire.Appends;
using Pravega.Perf.Wire.Commands;
using Pravega.Perf.Wire.Tests.Helpers;

namespace Pravega.Perf.Wire.Tests;

public class RequestReaderTests
{
    private static readonly Uuid WriterA = Uuid.Parse("01234567-89ab-cdef-fedc-ba9876543210");
    private static readonly Uuid WriterB = Uuid.Parse("11223344-5566-7788-99aa-bbccddeeff00");
    private const string Segment = "scope1/stream1/0.#epoch.0";

    private static byte[] Encode(params IWireCommand[] commands) => Frames.Encode(commands);

    private static byte[] Block(Uuid writer, params byte[][] parts)
    {
        byte[] data = [.. parts.SelectMany(p => p)];
        return Encode(new AppendBlock(writer, new ReadOnlySequence<byte>(data)));
    }

    private static byte[] EventFrameOf(byte[] payload) => Encode(new Event(new ReadOnlySequence<byte>(payload)));

    private static byte[] Setup(Uuid writer, string segment = Segment) => Encode(new SetupAppend(7, writer, segment, ""));

    private static byte[] BlockEnd(Uuid writer, int sizeOfWholeEvents, byte[] data, int numEvents, long lastEventNumber) =>
        Encode(new AppendBlockEnd(writer, sizeOfWholeEvents, new ReadOnlySequence<byte>(data), numEvents, lastEventNumber, 7));

    private static List<Request> ReadAll(RequestReader reader, byte[] stream)
    {
        var requests = new List<Request>();
        var buffer = new ReadOnlySequence<byte>(stream);
        while (reader.TryRead(buffer, out var request, out var consumed))
        {
            requests.Add(request);
            buffer = buffer.Slice(consumed);
        }
        Assert.True(buffer.IsEmpty, $"{buffer.Length} bytes left unread");
        return requests;
    }

    [Fact]
    public void ABlockWithAPartialEventIsReassembledIntoOneAppendWithoutCopying()
    {
        var e1 = EventFrameOf("event-0001"u8.ToArray());
        var e2 = EventFrameOf([.. Enumerable.Range(0, 30).Select(i => (byte)i)]);
        var stream = (byte[])[
            .. Setup(WriterA),
            .. Block(WriterA, e1, Encode(new PartialEvent(new ReadOnlySequence<byte>(e2[..22])))),
            .. BlockEnd(WriterA, e1.Length, e2[22..], 2, 2)];
        var requests = ReadAll(new RequestReader(), stream);
        Assert.Equal(2, requests.Count);
        Assert.Equal(Segment, requests[0].Read<SetupAppend>().Segment.ToString());
        var append = requests[1].Append;
        Assert.True(requests[1].IsAppend, "block + block end is an append");
        Assert.Equal(WriterA, append.WriterId);
        Assert.Equal(Segment, append.Segment);
        Assert.Equal(2, append.EventCount);
        Assert.Equal(2, append.LastEventNumber);
        Assert.Equal(Hex.Format([.. e1, .. e2]), Hex.Format(append.Data.ToArray()));
    }

    [Fact]
    public void ABlockWaitsForItsBlockEnd()
    {
        var e1 = EventFrameOf("x"u8.ToArray());
        var stream = (byte[])[.. Setup(WriterA), .. Block(WriterA, e1), .. BlockEnd(WriterA, e1.Length, [], 1, 1)];
        var reader = new RequestReader();
        var setupLength = Setup(WriterA).Length;
        var buffer = new ReadOnlySequence<byte>(stream);
        Assert.True(reader.TryRead(buffer, out _, out var consumed), "the setup is whole");
        buffer = buffer.Slice(consumed);
        for (var n = 0; n < buffer.Length; n++)
        {
            Assert.False(reader.TryRead(buffer.Slice(0, n), out _, out var none), $"{n} bytes of block + end is not an append");
            Assert.Equal(0, buffer.Slice(0, none).Length);
        }
        Assert.True(reader.TryRead(buffer, out var request, out _), "block and end are buffered");
        Assert.Equal(1, request.Append.EventCount);
        Assert.Equal(stream.Length - setupLength, buffer.Length);
    }

    [Fact]
    public void AnotherCommandBetweenBlockAndBlockEndIsAnError()
    {
        var e1 = EventFrameOf("x"u8.ToArray());
        var stream = (byte[])[.. Setup(WriterA), .. Block(WriterA, e1), .. Encode(new KeepAlive())];
        var ex = Assert.Throws<WireProtocolException>(() => ReadAll(new RequestReader(), stream));
        Assert.Equal("APPEND_BLOCK.blockEnd: KEEP_ALIVE between APPEND_BLOCK and its APPEND_BLOCK_END", ex.Message);
    }

    [Fact]
    public void ABlockEndForAnotherWriterIsAnError()
    {
        var e1 = EventFrameOf("x"u8.ToArray());
        var stream = (byte[])[.. Setup(WriterA), .. Setup(WriterB), .. Block(WriterA, e1), .. BlockEnd(WriterB, e1.Length, [], 1, 1)];
        var ex = Assert.Throws<WireProtocolException>(() => ReadAll(new RequestReader(), stream));
        Assert.StartsWith("APPEND_BLOCK_END.writerId: block end for writer 11223344", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EventNumbersAreNotJudgedByTheReaderButPassedToTheServerSession()
    {
        // A number that does not increase is Pravega's InvalidEventNumber, answered by the server's writer session
        // (the one owner of event numbers); for the reader it is a well-formed append like any other.
        var e1 = EventFrameOf("x"u8.ToArray());
        var stream = (byte[])[
            .. Setup(WriterA),
            .. Block(WriterA, e1), .. BlockEnd(WriterA, e1.Length, [], 1, 5),
            .. Block(WriterA, e1), .. BlockEnd(WriterA, e1.Length, [], 1, 4)];
        var requests = ReadAll(new RequestReader(), stream);
        Assert.Equal([5L, 4L], requests.Where(r => r.Type != WireCommandType.SetupAppend).Select(r => r.Append.LastEventNumber));
    }

    [Fact]
    public void AStandaloneBlockEndAsTheRustClientSendsItIsOneAppendOfWholeEvents()
    {
        // pravega-client-rust writes APPEND_BLOCK_END alone, its data holding whole events (sizeOfWholeEvents = data length).
        byte[] events = [.. EventFrameOf([1, 2, 3]), .. EventFrameOf([4])];
        var stream = (byte[])[.. Setup(WriterA), .. BlockEnd(WriterA, events.Length, events, 2, 9)];
        var requests = ReadAll(new RequestReader(), stream);
        var append = requests[1].Append;
        Assert.Equal(WireCommandType.AppendBlockEnd, requests[1].Type);
        Assert.Equal(2, append.EventCount);
        Assert.Equal(9, append.LastEventNumber);
        Assert.Equal(Hex.Format(events), Hex.Format(append.Data.ToArray()));
        var bad = (byte[])[.. Setup(WriterA), .. BlockEnd(WriterA, events.Length + 1, events, 2, 9)];
        var ex = Assert.Throws<WireProtocolException>(() => ReadAll(new RequestReader(), bad));
        Assert.Equal("APPEND_BLOCK_END.sizeOfWholeEvents: 21 is outside the block end's 20 bytes of data", ex.Message);
    }

    [Fact]
    public void ASecondSetupOfAWriterMovesItToTheNewSegment()
    {
        var e1 = EventFrameOf("x"u8.ToArray());
        var stream = (byte[])[
            .. Setup(WriterA),
            .. Block(WriterA, e1), .. BlockEnd(WriterA, e1.Length, [], 1, 5),
            .. Setup(WriterA, "scope1/stream1/1.#epoch.0"),
            .. Block(WriterA, e1), .. BlockEnd(WriterA, e1.Length, [], 1, 1)];
        var reader = new RequestReader();
        var requests = ReadAll(reader, stream);
        Assert.Equal("scope1/stream1/1.#epoch.0", requests[3].Append.Segment);
        Assert.True(reader.TryGetSegment(WriterA, out var segment) && segment == "scope1/stream1/1.#epoch.0", "the writer follows its new setup");
        Assert.True(reader.RemoveWriter(WriterA), "the writer can be forgotten");
        Assert.Equal(0, reader.WriterCount);
    }
}
