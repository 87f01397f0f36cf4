using System.Buffers.Binary;
using Pravega.Perf.Common;
using Pravega.Perf.IntegrationTests.Helpers;
using Pravega.Perf.Testing.WireClient;
using Pravega.Perf.Wire.Commands;

namespace Pravega.Perf.IntegrationTests;

/// <summary>
/// Bad input against the live server: each gets the right reply or a closed connection, other connections are
/// unaffected, and nothing acknowledged is lost.
/// </summary>
public sealed class BadInputTests : IClassFixture<LiveServerFixture>
{
    private readonly LiveServer _server;

    public BadInputTests(LiveServerFixture fixture)
    {
        _server = fixture.Server;
    }

    public static TheoryData<string, byte[]> MalformedFrames() => new()
    {
        { "unknown type code", Header(12345, 0) },
        { "oversized frame (16 MiB)", Header(1, 0x01000000) },
        { "negative length", Header(1, -1) },
        { "truncated SETUP_APPEND payload", [.. Header(1, 5), 0, 0, 0, 0, 0] },
        { "EVENT outside a block", [.. Header(0, 2), 1, 2] },
        { "a reply type sent by a client", [.. Header(7, 40), .. new byte[40]] },
        { "APPEND_BLOCK_END of a writer never set up", UnknownWriterBlockEnd() },
    };

    [Theory]
    [MemberData(nameof(MalformedFrames))]
    public async Task A_malformed_frame_closes_its_connection_and_leaves_other_connections_and_acked_data_alone(string what, byte[] frame)
    {
        await using var good = await _server.ConnectAsync();
        var segment = Segments.NewName();
        await good.CreateSegmentAsync(segment);
        var writer = Uuid.NewRandom();
        await good.SetupAppendAsync(writer, segment, 1);
        await AppendAndAckAsync(good, writer, 1, 3);

        await using (var bad = await _server.ConnectAsync())
        {
            bad.WriteRaw(frame);
            await bad.FlushAsync();
            var replies = await bad.ReceiveUntilClosedAsync();
            Assert.True(replies.Count == 0, $"{what}: expected a silent close, got [{string.Join(", ", replies)}]");
        }

        await AppendAndAckAsync(good, writer, 4, 6);
        var events = EventParser.Parse(await good.ReadAllAsync(segment));
        Check.Equal(6, events.Count, $"{what}: events stored through the good connection");
    }

    [Fact]
    public async Task Setup_append_on_an_unknown_segment_gets_no_such_segment_and_the_connection_stays_open()
    {
        await using var client = await _server.ConnectAsync();
        var segment = Segments.NewName();
        await client.SendAsync(new SetupAppend(900, Uuid.NewRandom(), segment, string.Empty));
        var missing = await client.ReceiveAsync<NoSuchSegment>();
        Assert.True(missing.RequestId == 900 && missing.Segment.ToString() == segment, $"NoSuchSegment({missing.RequestId}, {missing.Segment})");
        await client.SendAsync(default(KeepAlive));
        await client.ReceiveAsync<KeepAlive>();
    }

    [Fact]
    public async Task Appends_after_a_seal_get_segment_is_sealed_and_the_acknowledged_data_stays()
    {
        await using var client = await _server.ConnectAsync();
        var segment = Segments.NewName();
        await client.CreateSegmentAsync(segment);
        var writer = Uuid.NewRandom();
        await client.SetupAppendAsync(writer, segment, 910);
        await AppendAndAckAsync(client, writer, 1, 2);
        await client.SendAsync(new SealSegment(911, segment, string.Empty));
        await client.ReceiveAsync<SegmentSealed>();

        client.Append(writer, 3, Segments.Payload(3, 10));
        client.Append(writer, 4, Segments.Payload(4, 10));
        await client.FlushAsync();
        var sealedReply = await client.ReceiveAsync<SegmentIsSealed>();
        Assert.True(sealedReply.RequestId == 910 && sealedReply.Offset == 3,
            $"SegmentIsSealed(request {sealedReply.RequestId}, offset {sealedReply.Offset}): offset carries the event number");
        await client.SendAsync(default(KeepAlive));
        await client.ReceiveAsync<KeepAlive>();
        Check.Equal(2, EventParser.Parse(await client.ReadAllAsync(segment)).Count, "events in the sealed segment");
    }

    [Fact]
    public async Task Event_numbers_going_backwards_get_invalid_event_number_then_a_close_and_lose_nothing_acknowledged()
    {
        var segment = Segments.NewName();
        var writer = Uuid.NewRandom();
        await using (var client = await _server.ConnectAsync())
        {
            await client.CreateSegmentAsync(segment);
            await client.SetupAppendAsync(writer, segment, 920);
            await AppendAndAckAsync(client, writer, 1, 5);
            // Raw block ends (the Rust client's form): the codec's own block writer refuses to go backwards.
            client.WriteRaw(BlockEnd(writer, 9, Segments.Frame(Segments.Payload(9, 10)), 922));
            client.WriteRaw(BlockEnd(writer, 7, Segments.Frame(Segments.Payload(7, 10)), 922));
            await client.FlushAsync();
            var replies = await client.ReceiveUntilClosedAsync();
            // The writer session, the one owner of event numbers, refuses 7 after 9 as Pravega does.
            Assert.True(replies.Count > 0 && replies[^1].Command is InvalidEventNumber { EventNumber: 7 } && replies.SkipLast(1).All(r => r.Command is DataAppended),
                $"expected acks, then InvalidEventNumber(7), then a close: [{string.Join(", ", replies)}]");
        }
        await using var check = await _server.ConnectAsync();
        var last = await check.SetupAppendAsync(writer, segment, 922);
        Assert.True(last is 5 or 9, $"stored last event number {last}: the acknowledged 5, or 9 if it was stored before the close");
        Check.Equal(last == 5 ? 5 : 6, EventParser.Parse(await check.ReadAllAsync(segment)).Count, "events stored");
    }

    [Fact]
    public async Task A_retransmitted_event_number_gets_invalid_event_number_then_a_close_and_is_not_stored_twice()
    {
        var segment = Segments.NewName();
        var writer = Uuid.NewRandom();
        await using (var first = await _server.ConnectAsync())
        {
            await first.CreateSegmentAsync(segment);
            await first.SetupAppendAsync(writer, segment, 930);
            await AppendAndAckAsync(first, writer, 1, 5);
        }
        await using (var second = await _server.ConnectAsync())
        {
            Check.Equal(5L, await second.SetupAppendAsync(writer, segment, 931), "last event number");
            second.Append(writer, 3, Segments.Payload(3, 10));
            await second.FlushAsync();
            var replies = await second.ReceiveUntilClosedAsync();
            Assert.True(replies.Count == 1 && replies[0].Command is InvalidEventNumber { EventNumber: 3, RequestId: 931 },
                $"expected InvalidEventNumber(3) and a close, got [{string.Join(", ", replies)}]");
        }
        await using var check = await _server.ConnectAsync();
        Check.Equal(5, EventParser.Parse(await check.ReadAllAsync(segment)).Count, "events stored (no duplicate)");
    }

    [Fact]
    public async Task An_append_block_interrupted_by_another_command_closes_the_connection_and_loses_nothing_acknowledged()
    {
        var segment = Segments.NewName();
        var writer = Uuid.NewRandom();
        await using (var client = await _server.ConnectAsync())
        {
            await client.CreateSegmentAsync(segment);
            await client.SetupAppendAsync(writer, segment, 940);
            await AppendAndAckAsync(client, writer, 1, 3);
            // An APPEND_BLOCK announcing 100 bytes of events, then a KEEP_ALIVE instead of its APPEND_BLOCK_END.
            var block = new byte[8 + 16 + 108];
            BinaryPrimitives.WriteInt32BigEndian(block, 3);
            BinaryPrimitives.WriteInt32BigEndian(block.AsSpan(4), 16 + 108);
            writer.WriteBigEndian(block.AsSpan(8));
            BinaryPrimitives.WriteInt32BigEndian(block.AsSpan(24 + 4), 100);
            client.WriteRaw(block);
            client.WriteRaw(Header(100, 0));
            await client.FlushAsync();
            var replies = await client.ReceiveUntilClosedAsync();
            Assert.True(replies.Count == 0, $"expected a close, got [{string.Join(", ", replies)}]");
        }
        await using var check = await _server.ConnectAsync();
        Check.Equal(3L, await check.SetupAppendAsync(writer, segment, 941), "last stored event number");
        Check.Equal(3, EventParser.Parse(await check.ReadAllAsync(segment)).Count, "events stored");
    }

    [Fact]
    public async Task A_client_that_stops_reading_does_not_disturb_others_and_later_gets_every_ack_in_order()
    {
        const int Events = 20000;
        await using var slow = await _server.ConnectAsync();
        var slowSegment = Segments.NewName();
        await slow.CreateSegmentAsync(slowSegment);
        var slowWriter = Uuid.NewRandom();
        await slow.SetupAppendAsync(slowWriter, slowSegment, 950);
        for (var i = 1; i <= Events; i++)
        {
            slow.Append(slowWriter, i, Segments.Payload(i, 100));
            if (i % 1000 == 0)
            {
                await slow.FlushAsync();
            }
        }

        // Meanwhile another connection works normally.
        await using var other = await _server.ConnectAsync();
        var otherSegment = Segments.NewName();
        await other.CreateSegmentAsync(otherSegment);
        var otherWriter = Uuid.NewRandom();
        await other.SetupAppendAsync(otherWriter, otherSegment, 951);
        await AppendAndAckAsync(other, otherWriter, 1, 20);

        long previous = long.MinValue;
        for (var i = 1; i <= Events; i++)
        {
            var ack = await slow.ReceiveAsync<DataAppended>();
            Assert.True(ack.EventNumber > previous && ack.PreviousEventNumber == previous,
                $"ack {ack.EventNumber} after {ack.PreviousEventNumber}, previous {previous}");
            previous = ack.EventNumber;
            if (previous == Events)
            {
                break;
            }
        }
        Check.Equal((long)Events, previous, "last ack of the slow reader");
        Check.Equal(Events, EventParser.Parse(await slow.ReadAllAsync(slowSegment)).Count, "events stored for the slow reader");
    }

    private static async Task AppendAndAckAsync(WireTestClient client, Uuid writer, int from, int to)
    {
        for (var i = from; i <= to; i++)
        {
            client.Append(writer, i, Segments.Payload(i, 10));
        }
        await client.FlushAsync();
        var acked = 0L;
        while (acked < to)
        {
            acked = (await client.ReceiveAsync<DataAppended>()).EventNumber;
        }
    }

    private static byte[] Header(int type, int length)
    {
        var header = new byte[8];
        BinaryPrimitives.WriteInt32BigEndian(header, type);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), length);
        return header;
    }

    /// <summary>A well-formed APPEND_BLOCK_END of a random writer.</summary>
    private static byte[] UnknownWriterBlockEnd() => BlockEnd(Uuid.NewRandom(), 1, Segments.Frame([1]), 1);

    /// <summary>A standalone APPEND_BLOCK_END carrying whole events.</summary>
    private static byte[] BlockEnd(Uuid writer, long lastEventNumber, byte[] events, long requestId)
    {
        var output = new System.Buffers.ArrayBufferWriter<byte>();
        new AppendBlockEnd(writer, events.Length, new System.Buffers.ReadOnlySequence<byte>(events), 1, lastEventNumber, requestId)
            .WriteTo(output);
        return output.WrittenSpan.ToArray();
    }
}
