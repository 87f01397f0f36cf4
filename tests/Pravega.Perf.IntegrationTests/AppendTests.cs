using Pravega.Perf.Common;
using Pravega.Perf.Common.Naming;
using Pravega.Perf.IntegrationTests.Helpers;
using Pravega.Perf.Wire.Commands;

namespace Pravega.Perf.IntegrationTests;

/// <summary>Append sessions, acks, conditional appends and tail reads over real TCP.</summary>
public sealed class AppendTests : IClassFixture<LiveServerFixture>
{
    private readonly LiveServer _server;

    public AppendTests(LiveServerFixture fixture)
    {
        _server = fixture.Server;
    }

    [Fact]
    public async Task Setup_append_tells_a_new_writer_min_value_and_a_known_writer_its_last_stored_event_number()
    {
        var segment = Segments.NewName();
        var writer = Uuid.NewRandom();
        await using (var first = await _server.ConnectAsync())
        {
            await first.CreateSegmentAsync(segment);
            Check.Equal(long.MinValue, await first.SetupAppendAsync(writer, segment, 1), "last event number of a new writer");
            for (var i = 1; i <= 5; i++)
            {
                first.Append(writer, i * 10, Segments.Payload(i, 50));
            }
            await first.FlushAsync();
            for (var i = 1; i <= 5; i++)
            {
                await first.ReceiveAsync<DataAppended>();
            }
        }
        await using var second = await _server.ConnectAsync();
        Check.Equal(50L, await second.SetupAppendAsync(writer, segment, 2), "last event number after a reconnect");
    }

    [Fact]
    public async Task Many_writers_on_one_connection_get_cumulative_in_order_acks_and_their_data_is_stored_exactly()
    {
        await using var client = await _server.ConnectAsync(blockSize: 1024);
        string[] segments = [Segments.NewName(), Segments.NewName()];
        var writers = new Uuid[4];
        var expected = segments.ToDictionary(s => s, _ => new List<byte[]>());
        var requestIds = new Dictionary<Uuid, long>();
        for (var w = 0; w < writers.Length; w++)
        {
            writers[w] = Uuid.NewRandom();
            if (w < segments.Length)
            {
                await client.CreateSegmentAsync(segments[w]);
            }
        }
        for (var w = 0; w < writers.Length; w++)
        {
            requestIds[writers[w]] = 1000 + w;
            await client.SetupAppendAsync(writers[w], segments[w % 2], 1000 + w);
        }
        const int EventsPerWriter = 300;
        for (var e = 1; e <= EventsPerWriter; e++)
        {
            for (var w = 0; w < writers.Length; w++)
            {
                var payload = Segments.Payload((w * 1000) + e, 1 + ((e * 37) % 700));
                expected[segments[w % 2]].Add(payload);
                client.Append(writers[w], e, payload);
            }
        }
        client.Blocks.CloseOpenBlock();
        await client.FlushAsync();

        var lastAcked = writers.ToDictionary(w => w, _ => long.MinValue);
        while (lastAcked.Values.Any(v => v != EventsPerWriter))
        {
            var ack = await client.ReceiveAsync<DataAppended>();
            Assert.True(ack.PreviousEventNumber == lastAcked[ack.WriterId] && ack.EventNumber > ack.PreviousEventNumber,
                $"writer {ack.WriterId}: ack {ack.EventNumber} after {ack.PreviousEventNumber}, last acked {lastAcked[ack.WriterId]}");
            Check.Equal(requestIds[ack.WriterId], ack.RequestId, "request id echoed in the ack");
            lastAcked[ack.WriterId] = ack.EventNumber;
        }
        foreach (var segment in segments)
        {
            // Writers of one segment interleave by block, so compare per writer after parsing the events.
            var stored = await client.ReadAllAsync(segment);
            var events = EventParser.Parse(stored);
            Check.Equal(expected[segment].Count, events.Count, $"events stored in {segment}");
            var expectedSorted = expected[segment].Select(Convert.ToHexString).Order().ToArray();
            var storedSorted = events.Select(e => Convert.ToHexString(e)).Order().ToArray();
            Assert.True(expectedSorted.SequenceEqual(storedSorted), $"the events of {segment} are exactly the ones sent");
        }
    }

    [Fact]
    public async Task A_conditional_append_at_the_wrong_offset_gets_conditional_check_failed_and_the_connection_stays_usable()
    {
        await using var client = await _server.ConnectAsync();
        var segment = Segments.NewName();
        await client.CreateSegmentAsync(segment);
        var writer = Uuid.NewRandom();
        await client.SetupAppendAsync(writer, segment, 5);
        var payload = Segments.Payload(3, 12);

        await client.SendAsync(new ConditionalAppend(writer, 1, 100, new System.Buffers.ReadOnlySequence<byte>(payload), 501));
        var failed = await client.ReceiveAsync<ConditionalCheckFailed>();
        Assert.True(failed.WriterId == writer && failed.EventNumber == 1 && failed.RequestId == 501,
            $"ConditionalCheckFailed({failed.WriterId}, {failed.EventNumber}, {failed.RequestId})");

        await client.SendAsync(new ConditionalAppend(writer, 1, 0, new System.Buffers.ReadOnlySequence<byte>(payload), 502));
        var ack = await client.ReceiveAsync<DataAppended>();
        Assert.True(ack.EventNumber == 1 && ack.RequestId == 502 && ack.CurrentSegmentWriteOffset == 20,
            $"retried conditional append: ack {ack.EventNumber}, request {ack.RequestId}, offset {ack.CurrentSegmentWriteOffset}");
        var stored = await client.ReadAllAsync(segment);
        Check.Bytes(Segments.Frame(payload), stored, "stored conditional append");
    }

    [Fact]
    public async Task A_read_at_the_tail_waits_for_the_next_append_and_a_seal_ends_it_with_end_of_segment()
    {
        await using var reader = await _server.ConnectAsync();
        await using var writerClient = await _server.ConnectAsync();
        var segment = Segments.NewName();
        await writerClient.CreateSegmentAsync(segment);
        var writer = Uuid.NewRandom();
        await writerClient.SetupAppendAsync(writer, segment, 9);

        await reader.SendAsync(new ReadSegment(segment, 0, 1000, string.Empty, 601));
        var payload = Segments.Payload(4, 40);
        writerClient.Append(writer, 1, payload);
        await writerClient.FlushAsync();
        await writerClient.ReceiveAsync<DataAppended>();
        var read = await reader.ReceiveAsync<SegmentRead>();
        Assert.True(read.RequestId == 601 && read.Offset == 0 && !read.EndOfSegment, $"tail read: request {read.RequestId}, offset {read.Offset}");
        Check.Bytes(Segments.Frame(payload), System.Buffers.BuffersExtensions.ToArray(read.Data), "tail read data");

        await reader.SendAsync(new ReadSegment(segment, 48, 1000, string.Empty, 602));
        await writerClient.SendAsync(new SealSegment(603, segment, string.Empty));
        await writerClient.ReceiveAsync<SegmentSealed>();
        var end = await reader.ReceiveAsync<SegmentRead>();
        Assert.True(end.RequestId == 602 && end.EndOfSegment && end.Data.IsEmpty,
            $"read at the tail of a sealed segment: end {end.EndOfSegment}, {end.Data.Length} bytes");
    }

    [Fact]
    public async Task Appends_while_a_tail_read_waits_on_the_same_connection_are_still_acknowledged()
    {
        await using var client = await _server.ConnectAsync();
        string[] segments = [Segments.NewName(), Segments.NewName()];
        await client.CreateSegmentAsync(segments[0]);
        await client.CreateSegmentAsync(segments[1]);
        var writer = Uuid.NewRandom();
        await client.SetupAppendAsync(writer, segments[1], 11);
        await client.SendAsync(new ReadSegment(segments[0], 0, 100, string.Empty, 700));
        client.Append(writer, 1, Segments.Payload(1, 10));
        await client.FlushAsync();
        var ack = await client.ReceiveAsync<DataAppended>();
        Check.Equal(1L, ack.EventNumber, "ack while a read of another segment waits");
    }

    [Fact]
    public async Task A_request_for_a_container_this_store_does_not_own_gets_wrong_host()
    {
        await using var server = await LiveServer.StartAsync(ownedContainers: [0]);
        var mapper = new SegmentToContainerMapper(4);
        var segment = Enumerable.Range(0, 1000).Select(_ => Segments.NewName()).First(s => mapper.GetContainerId(s) != 0);
        await using var client = await server.ConnectAsync();
        await client.SendAsync(new CreateSegment(800, segment, 0, 0, string.Empty, 0));
        var wrongHost = await client.ReceiveAsync<WrongHost>();
        Assert.True(wrongHost.RequestId == 800 && wrongHost.Segment.ToString() == segment && wrongHost.CorrectHost.IsEmpty,
            $"WrongHost({wrongHost.RequestId}, {wrongHost.Segment}, '{wrongHost.CorrectHost}')");
        await client.SendAsync(new SetupAppend(801, Uuid.NewRandom(), segment, string.Empty));
        Check.Equal(801L, (await client.ReceiveAsync<WrongHost>()).RequestId, "setup append on an unowned container");
    }

    [Fact]
    public async Task With_a_tiny_outstanding_bytes_limit_the_connection_pauses_and_resumes_and_every_append_is_acknowledged()
    {
        await using var server = await LiveServer.StartAsync(o =>
        {
            o.MaxOutstandingAppendBytesPerConnection = 1;
            o.MaxOutstandingAppendBytesAllConnections = 1;
        });
        await using var client = await server.ConnectAsync();
        var segment = Segments.NewName();
        await client.CreateSegmentAsync(segment);
        var writer = Uuid.NewRandom();
        await client.SetupAppendAsync(writer, segment, 1);
        var payloads = Enumerable.Range(1, 200).Select(i => Segments.Payload(i, 100)).ToArray();
        for (var i = 0; i < payloads.Length; i++)
        {
            client.Append(writer, i + 1, payloads[i]);
        }
        await client.FlushAsync();
        long last = 0;
        while (last < payloads.Length)
        {
            last = (await client.ReceiveAsync<DataAppended>()).EventNumber;
        }
        var stored = await client.ReadAllAsync(segment);
        Check.Bytes(Segments.Frame(payloads), stored, "appends admitted one at a time");
    }

    [Fact]
    public async Task Graceful_shutdown_acknowledges_every_append_it_stored_and_a_restart_sees_exactly_those()
    {
        var directory = Directory.CreateTempSubdirectory("pravega-it-").FullName;
        try
        {
            var segment = Segments.NewName();
            var writer = Uuid.NewRandom();
            long lastAcked;
            var server = await LiveServer.StartAsync(dataDirectory: directory);
            await using (var client = await server.ConnectAsync())
            {
                await client.CreateSegmentAsync(segment);
                await client.SetupAppendAsync(writer, segment, 1);
                for (var i = 1; i <= 2000; i++)
                {
                    client.Append(writer, i, Segments.Payload(i, 64));
                }
                await client.FlushAsync();
                await client.ReceiveAsync<DataAppended>();
                var stop = server.StopAsync();
                var replies = await client.ReceiveUntilClosedAsync();
                await stop;
                lastAcked = replies.Select(r => r.Command).OfType<DataAppended>().Select(a => a.EventNumber).DefaultIfEmpty(1).Max();
            }
            await using var restarted = await LiveServer.StartAsync(dataDirectory: directory);
            await using var check = await restarted.ConnectAsync();
            Check.Equal(lastAcked, await check.SetupAppendAsync(writer, segment, 2), "last stored event number after the restart");
            var events = EventParser.Parse(await check.ReadAllAsync(segment));
            Check.Equal((int)lastAcked, events.Count, "events stored");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
