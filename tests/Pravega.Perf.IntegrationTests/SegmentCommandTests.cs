using Pravega.Perf.Common;
using Pravega.Perf.Common.Naming;
using Pravega.Perf.IntegrationTests.Helpers;
using Pravega.Perf.SegmentStore.Contracts.Attributes;
using Pravega.Perf.Wire;
using Pravega.Perf.Wire.Commands;

namespace Pravega.Perf.IntegrationTests;

/// <summary>Every non-append command the server supports, over real TCP: the happy path and the error replies.</summary>
public sealed class SegmentCommandTests : IClassFixture<LiveServerFixture>
{
    private readonly LiveServer _server;

    public SegmentCommandTests(LiveServerFixture fixture)
    {
        _server = fixture.Server;
    }

    [Fact]
    public async Task Hello_is_answered_with_wire_version_17_and_oldest_compatible_5()
    {
        await using var client = await WireClientFor();
        await client.SendAsync(new Hello(17, 5));
        var hello = await client.ReceiveAsync<Hello>();
        Check.Equal(17, hello.HighVersion, "server high version");
        Check.Equal(5, hello.LowVersion, "server low version");
    }

    [Fact]
    public async Task An_incompatible_hello_gets_the_servers_hello_and_then_the_connection_is_closed()
    {
        await using var client = await WireClientFor();
        await client.SendAsync(new Hello(30, 18));
        var replies = await client.ReceiveUntilClosedAsync();
        Assert.True(replies.Count == 1 && replies[0].Command is Hello { HighVersion: 17, LowVersion: 5 },
            $"expected only Hello(17,5) before the close, got [{string.Join(", ", replies)}]");
    }

    [Fact]
    public async Task Keep_alive_is_echoed()
    {
        await using var client = await _server.ConnectAsync();
        await client.SendAsync(default(KeepAlive));
        await client.ReceiveAsync<KeepAlive>();
    }

    [Fact]
    public async Task A_created_segment_has_info_an_index_segment_and_a_second_create_is_segment_already_exists()
    {
        await using var client = await _server.ConnectAsync();
        var segment = Segments.NewName();
        await client.SendAsync(new CreateSegment(41, segment, 100, 1, string.Empty, 1024));
        var created = await client.ReceiveAsync<SegmentCreated>();
        Check.Equal(41L, created.RequestId, "echoed request id");
        Check.Equal(segment, created.Segment.ToString(), "created segment");

        var info = await client.GetSegmentInfoAsync(segment);
        Assert.True(info.Exists && !info.IsSealed && info.WriteOffset == 0 && info.StartOffset == 0,
            $"fresh segment info: exists {info.Exists}, sealed {info.IsSealed}, length {info.WriteOffset}");
        var index = await client.GetSegmentInfoAsync(NameUtils.GetIndexSegmentName(segment));
        Assert.True(index.Exists, "a user stream segment gets its #index segment on create");

        await client.SendAsync(new CreateSegment(42, segment, 0, 0, string.Empty, 0));
        var exists = await client.ReceiveAsync<SegmentAlreadyExists>();
        Check.Equal(42L, exists.RequestId, "echoed request id");
    }

    [Fact]
    public async Task Info_of_a_missing_segment_says_it_does_not_exist()
    {
        await using var client = await _server.ConnectAsync();
        var info = await client.GetSegmentInfoAsync(Segments.NewName());
        Assert.False(info.Exists, "a missing segment is reported with exists = false");
    }

    [Fact]
    public async Task Seal_truncate_and_delete_reply_and_change_the_segment_and_missing_segments_get_no_such_segment()
    {
        await using var client = await _server.ConnectAsync();
        var segment = Segments.NewName();
        await client.CreateSegmentAsync(segment);
        var writer = Uuid.NewRandom();
        await client.SetupAppendAsync(writer, segment, 7);
        client.Append(writer, 1, Segments.Payload(1, 92));
        client.Append(writer, 2, Segments.Payload(2, 92));
        await client.FlushAsync();
        await client.ReceiveAsync<DataAppended>();
        await client.ReceiveAsync<DataAppended>();

        await client.SendAsync(new TruncateSegment(50, segment, 100, string.Empty));
        Check.Equal(50L, (await client.ReceiveAsync<SegmentTruncated>()).RequestId, "truncate reply");
        var info = await client.GetSegmentInfoAsync(segment);
        Check.Equal(100L, info.StartOffset, "start offset after truncation");

        await client.SendAsync(new ReadSegment(segment, 0, 100, string.Empty, 51));
        var truncated = await client.ReceiveAsync<SegmentIsTruncated>();
        Assert.True(truncated.RequestId == 51 && truncated.StartOffset == 100,
            $"read below the start: request {truncated.RequestId}, start {truncated.StartOffset}");

        await client.SendAsync(new SealSegment(52, segment, string.Empty));
        Check.Equal(52L, (await client.ReceiveAsync<SegmentSealed>()).RequestId, "seal reply");
        Assert.True((await client.GetSegmentInfoAsync(segment)).IsSealed, "the segment is sealed");

        await client.SendAsync(new DeleteSegment(53, segment, string.Empty));
        Check.Equal(53L, (await client.ReceiveAsync<SegmentDeleted>()).RequestId, "delete reply");
        Assert.False((await client.GetSegmentInfoAsync(segment)).Exists, "a deleted segment no longer exists");
        Assert.False((await client.GetSegmentInfoAsync(NameUtils.GetIndexSegmentName(segment))).Exists,
            "deleting a segment deletes its #index");

        await client.SendAsync(new DeleteSegment(54, segment, string.Empty));
        Check.Equal(54L, (await client.ReceiveAsync<NoSuchSegment>()).RequestId, "delete of a missing segment");
        await client.SendAsync(new SealSegment(55, segment, string.Empty));
        Check.Equal(55L, (await client.ReceiveAsync<NoSuchSegment>()).RequestId, "seal of a missing segment");
        await client.SendAsync(new TruncateSegment(56, segment, 0, string.Empty));
        Check.Equal(56L, (await client.ReceiveAsync<NoSuchSegment>()).RequestId, "truncate of a missing segment");
        await client.SendAsync(new ReadSegment(segment, 0, 10, string.Empty, 57));
        Check.Equal(57L, (await client.ReceiveAsync<NoSuchSegment>()).RequestId, "read of a missing segment");
    }

    [Fact]
    public async Task Attributes_are_read_and_compare_and_set_succeeds_only_from_the_expected_value()
    {
        await using var client = await _server.ConnectAsync();
        var segment = Segments.NewName();
        await client.CreateSegmentAsync(segment);
        var attribute = Uuid.NewRandom();

        await client.SendAsync(new GetSegmentAttribute(60, segment, attribute, string.Empty));
        var absent = await client.ReceiveAsync<SegmentAttribute>();
        Assert.True(absent.RequestId == 60 && absent.Value == SegmentAttributes.NullValue, $"absent attribute value {absent.Value}");

        await client.SendAsync(new UpdateSegmentAttribute(61, segment, attribute, 5, SegmentAttributes.NullValue, string.Empty));
        Assert.True((await client.ReceiveAsync<SegmentAttributeUpdated>()).Success, "CAS from absent to 5");
        await client.SendAsync(new UpdateSegmentAttribute(62, segment, attribute, 9, 4, string.Empty));
        Assert.False((await client.ReceiveAsync<SegmentAttributeUpdated>()).Success, "CAS from a wrong expected value must fail");
        await client.SendAsync(new GetSegmentAttribute(63, segment, attribute, string.Empty));
        Check.Equal(5L, (await client.ReceiveAsync<SegmentAttribute>()).Value, "value after one good and one bad CAS");

        await client.SendAsync(new GetSegmentAttribute(64, Segments.NewName(), attribute, string.Empty));
        Check.Equal(64L, (await client.ReceiveAsync<NoSuchSegment>()).RequestId, "attribute of a missing segment");
    }

    [Fact]
    public async Task Update_segment_policy_sets_the_scale_policy_attributes()
    {
        await using var client = await _server.ConnectAsync();
        var segment = Segments.NewName();
        await client.CreateSegmentAsync(segment);
        await client.SendAsync(new UpdateSegmentPolicy(70, segment, 250, 2, string.Empty));
        Check.Equal(70L, (await client.ReceiveAsync<SegmentPolicyUpdated>()).RequestId, "policy reply");
        await client.SendAsync(new GetSegmentAttribute(71, segment, SegmentAttributes.ScalePolicyRate, string.Empty));
        Check.Equal(250L, (await client.ReceiveAsync<SegmentAttribute>()).Value, "scale policy rate");
        await client.SendAsync(new GetSegmentAttribute(72, segment, SegmentAttributes.ScalePolicyType, string.Empty));
        Check.Equal(2L, (await client.ReceiveAsync<SegmentAttribute>()).Value, "scale policy type");
    }

    [Fact]
    public async Task A_transient_segment_is_created_for_the_writer_and_deleted_when_its_connection_closes()
    {
        var parent = Segments.NewName();
        var writer = Uuid.NewRandom();
        string transient;
        await using (var creator = await _server.ConnectAsync())
        {
            await creator.CreateSegmentAsync(parent);
            await creator.SendAsync(new CreateTransientSegment(80, writer, parent, string.Empty));
            var created = await creator.ReceiveAsync<SegmentCreated>();
            transient = created.Segment.ToString();
            Assert.True(created.RequestId == 80 && transient.StartsWith(parent + "#transient.", StringComparison.Ordinal),
                $"transient segment name '{transient}'");
            Assert.True((await creator.GetSegmentInfoAsync(transient)).Exists, "the transient segment exists while its connection is open");
        }
        await using var observer = await _server.ConnectAsync();
        // The deletion happens as the server closes its side; wait for that state (bounded), it is the verdict.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((await observer.GetSegmentInfoAsync(transient)).Exists)
        {
            Assert.True(DateTime.UtcNow < deadline, "the transient segment was not deleted after its connection closed");
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }
    }

    [Fact]
    public async Task Merge_moves_the_source_to_the_end_of_the_target_and_is_idempotent()
    {
        await using var client = await _server.ConnectAsync();
        var target = Segments.NewName();
        var source = target + "#transaction.00000000000000010000000000000002";
        await client.CreateSegmentAsync(target);
        await client.CreateSegmentAsync(source);
        var w1 = Uuid.NewRandom();
        var w2 = Uuid.NewRandom();
        await client.SetupAppendAsync(w1, target, 1);
        await client.SetupAppendAsync(w2, source, 2);
        client.Append(w1, 1, Segments.Payload(1, 10));
        await client.FlushAsync();
        await client.ReceiveAsync<DataAppended>();
        client.Append(w2, 1, Segments.Payload(2, 20));
        await client.FlushAsync();
        await client.ReceiveAsync<DataAppended>();

        await client.SendAsync(new MergeSegments(90, target, source, string.Empty, []));
        var merged = await client.ReceiveAsync<SegmentsMerged>();
        Assert.True(merged.RequestId == 90 && merged.NewTargetWriteOffset == 18 + 28,
            $"merge reply: request {merged.RequestId}, new target length {merged.NewTargetWriteOffset}");
        var mergedBytes = await client.ReadAllAsync(target);
        Check.Bytes(Segments.Frame(Segments.Payload(1, 10), Segments.Payload(2, 20)), mergedBytes, "merged target");
        Assert.False((await client.GetSegmentInfoAsync(source)).Exists, "the merged source is gone");

        await client.SendAsync(new MergeSegments(91, target, source, string.Empty, []));
        var again = await client.ReceiveAsync<SegmentsMerged>();
        Check.Equal(46L, again.NewTargetWriteOffset, "a repeated merge answers the target's length");
    }

    [Fact]
    public async Task A_failed_merge_condition_is_segment_attribute_updated_false_and_merges_nothing()
    {
        await using var client = await _server.ConnectAsync();
        var target = Segments.NewName();
        var source = target + "#transaction.00000000000000030000000000000004";
        await client.CreateSegmentAsync(target);
        await client.CreateSegmentAsync(source);
        var attribute = Uuid.NewRandom();
        await client.SendAsync(new MergeSegments(92, target, source, string.Empty,
            [new ConditionalAttributeUpdate(attribute, ConditionalAttributeUpdate.ReplaceIfEquals, 1, 77)]));
        var reply = await client.ReceiveAsync<SegmentAttributeUpdated>();
        Assert.True(reply.RequestId == 92 && !reply.Success, "a failed merge condition answers SegmentAttributeUpdated(false)");
        Assert.True((await client.GetSegmentInfoAsync(source)).Exists, "the source is still there");
    }

    [Fact]
    public async Task Merge_batch_merges_every_source_in_order()
    {
        await using var client = await _server.ConnectAsync();
        var target = Segments.NewName();
        await client.CreateSegmentAsync(target);
        string[] sources = [target + "#transaction.00000000000000050000000000000001", target + "#transaction.00000000000000050000000000000002"];
        var expected = new List<byte[]>();
        for (var i = 0; i < sources.Length; i++)
        {
            await client.CreateSegmentAsync(sources[i]);
            var writer = Uuid.NewRandom();
            await client.SetupAppendAsync(writer, sources[i], 10 + i);
            var payload = Segments.Payload(i, 30 + i);
            expected.Add(payload);
            client.Append(writer, 1, payload);
            await client.FlushAsync();
            await client.ReceiveAsync<DataAppended>();
        }
        await client.SendAsync(new MergeSegmentsBatch(93, target, [.. sources.Select(s => new WireString(s))], string.Empty));
        var merged = await client.ReceiveAsync<SegmentsBatchMerged>();
        Assert.True(merged.RequestId == 93 && merged.NewTargetWriteOffset.SequenceEqual([38L, 38L + 39L]),
            $"batch merge offsets [{string.Join(", ", merged.NewTargetWriteOffset)}]");
        var targetBytes = await client.ReadAllAsync(target);
        Check.Bytes(Segments.Frame([.. expected]), targetBytes, "target after the batch merge");
    }

    [Fact]
    public async Task Locate_offset_answers_an_indexed_event_boundary_at_or_after_the_target()
    {
        await using var client = await _server.ConnectAsync();
        var segment = Segments.NewName();
        await client.CreateSegmentAsync(segment);
        var writer = Uuid.NewRandom();
        await client.SetupAppendAsync(writer, segment, 3);
        var boundaries = new List<long>();
        long length = 0;
        for (var i = 1; i <= 3; i++)
        {
            client.Append(writer, i, Segments.Payload(i, 92));
            await client.FlushAsync();
            length = (await client.ReceiveAsync<DataAppended>()).CurrentSegmentWriteOffset;
            boundaries.Add(length);
        }
        // Index entries are written behind the acks; wait (bounded) until the last one is there.
        var index = NameUtils.GetIndexSegmentName(segment);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            await client.SendAsync(new LocateOffset(95, segment, length, string.Empty));
            var located = await client.ReceiveAsync<OffsetLocated>();
            Check.Equal(length, located.Offset, "an offset at the tail locates the tail");
            var info = await client.GetSegmentInfoAsync(index);
            if (info.WriteOffset > 0)
            {
                break;
            }
            Assert.True(DateTime.UtcNow < deadline, "no index entry was written");
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }
        await client.SendAsync(new LocateOffset(96, segment, 5, string.Empty));
        var first = await client.ReceiveAsync<OffsetLocated>();
        Assert.True(first.RequestId == 96 && first.Offset >= 5 && (boundaries.Contains(first.Offset)),
            $"located {first.Offset}, boundaries [{string.Join(", ", boundaries)}]");
        await client.SendAsync(new LocateOffset(97, Segments.NewName(), 0, string.Empty));
        Check.Equal(97L, (await client.ReceiveAsync<NoSuchSegment>()).RequestId, "locate in a missing segment");
    }

    [Fact]
    public async Task Admin_commands_are_operation_unsupported_on_the_data_port()
    {
        // Pravega serves FLUSH_TO_STORAGE and LIST_STORAGE_CHUNKS on its admin gateway only; table commands are in
        // TableSegmentTests.
        await using var client = await _server.ConnectAsync();
        await client.SendAsync(new FlushToStorage(0, string.Empty, 100));
        var reply = await client.ReceiveAsync<OperationUnsupported>();
        Assert.True(reply.RequestId == 100 && reply.OperationName.ToString() == "FLUSH_TO_STORAGE",
            $"OperationUnsupported({reply.RequestId}, {reply.OperationName})");
        await client.SendAsync(default(KeepAlive));
        await client.ReceiveAsync<KeepAlive>();
    }

    private Task<Testing.WireClient.WireTestClient> WireClientFor() => Testing.WireClient.WireTestClient.ConnectAsync(_server.EndPoint, 0, TestContext.Current.CancellationToken);
}
