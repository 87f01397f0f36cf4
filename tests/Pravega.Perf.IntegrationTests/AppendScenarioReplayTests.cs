using Pravega.Perf.Common;
using Pravega.Perf.IntegrationTests.Helpers;
using Pravega.Perf.Wire.Commands;
using Pravega.Perf.Wire.Tests.Helpers;

namespace Pravega.Perf.IntegrationTests;

/// <summary>
/// The append byte streams of wire-vectors.md ("Append scenarios": exactly what Pravega's own Java client sends),
/// replayed against the live server: each listed append must be acknowledged and stored exactly.
/// </summary>
public sealed class AppendScenarioReplayTests : IClassFixture<LiveServerFixture>
{
    private readonly LiveServer _server;

    public AppendScenarioReplayTests(LiveServerFixture fixture)
    {
        _server = fixture.Server;
    }

    public static TheoryData<string> ScenarioIds() => [.. WireVectorFile.Scenarios.Select(s => s.Id)];

    [Fact]
    public void The_vector_file_holds_the_eight_append_scenarios() =>
        Assert.True(WireVectorFile.Scenarios.Count == 8,
            $"expected scenarios a, b, b0, c, d, e, f, g in {WireVectorFile.Locate()}, found {WireVectorFile.Scenarios.Count}");

    [Theory]
    [MemberData(nameof(ScenarioIds))]
    public async Task A_java_client_byte_stream_is_acknowledged_and_stored_as_the_listed_appends(string id)
    {
        var scenario = WireVectorFile.Scenarios.Single(s => s.Id == id);
        var appends = scenario.Outputs.OfType<AppendOutput>().ToList();
        var setups = scenario.Outputs.OfType<SetupOutput>().ToList();
        var keepAlives = scenario.Outputs.OfType<CommandOutput>().Count(c => c.Name == "KEEP_ALIVE");
        var segments = setups.Select(s => s.Segment).Distinct().ToList();

        // Fresh segments (the scenarios reuse names); a conditional append's expected offset is filled up to first.
        var baseOffsets = new Dictionary<string, long>();
        await using (var admin = await _server.ConnectAsync())
        {
            foreach (var segment in segments)
            {
                await admin.SendAsync(new DeleteSegment(admin.NextRequestId(), segment, string.Empty));
                await admin.ReceiveAsync();
                await admin.CreateSegmentAsync(segment);
                var fill = appends.Where(a => a.Segment == segment && a.ExpectedOffset is > 0).Select(a => a.ExpectedOffset!.Value)
                    .DefaultIfEmpty(0).Min();
                if (fill > 0)
                {
                    var filler = Uuid.NewRandom();
                    await admin.SetupAppendAsync(filler, segment, admin.NextRequestId());
                    admin.Append(filler, 1, new byte[fill - 8]);
                    await admin.FlushAsync();
                    Check.Equal(fill, (await admin.ReceiveAsync<DataAppended>()).CurrentSegmentWriteOffset, "pre-filled length");
                }
                baseOffsets[segment] = fill;
            }
        }

        await using var client = await Testing.WireClient.WireTestClient.ConnectAsync(_server.EndPoint, 0, TestContext.Current.CancellationToken);
        client.WriteRaw(scenario.Stream);
        await client.FlushAsync();

        var replies = new List<object>();
        for (var i = 0; i < setups.Count + appends.Count + keepAlives; i++)
        {
            replies.Add((await client.ReceiveAsync()).Command);
        }
        var appendSetups = replies.OfType<AppendSetup>().ToList();
        Check.Equal(setups.Count, appendSetups.Count, $"({id}) AppendSetup replies");
        for (var i = 0; i < setups.Count; i++)
        {
            Assert.True(appendSetups[i].RequestId == setups[i].RequestId && appendSetups[i].WriterId == Uuid.Parse(setups[i].WriterId)
                && appendSetups[i].Segment.ToString() == setups[i].Segment && appendSetups[i].LastEventNumber == long.MinValue,
                $"({id}) AppendSetup #{i}: request {appendSetups[i].RequestId}, writer {appendSetups[i].WriterId}, last {appendSetups[i].LastEventNumber}");
        }
        Check.Equal(keepAlives, replies.OfType<KeepAlive>().Count(), $"({id}) keep-alives echoed");
        var acks = replies.OfType<DataAppended>().ToList();
        foreach (var group in appends.GroupBy(a => a.WriterId))
        {
            var writer = Uuid.Parse(group.Key);
            var expected = group.ToList();
            var received = acks.Where(a => a.WriterId == writer).ToList();
            Check.Equal(expected.Count, received.Count, $"({id}) acks of writer {writer}");
            var previous = long.MinValue;
            for (var i = 0; i < expected.Count; i++)
            {
                Assert.True(received[i].EventNumber == expected[i].LastEventNumber && received[i].RequestId == expected[i].RequestId
                    && received[i].PreviousEventNumber == previous,
                    $"({id}) ack #{i} of {writer}: event {received[i].EventNumber} (want {expected[i].LastEventNumber}), request "
                    + $"{received[i].RequestId} (want {expected[i].RequestId}), previous {received[i].PreviousEventNumber} (want {previous})");
                previous = expected[i].LastEventNumber;
            }
        }

        foreach (var segment in segments)
        {
            var expected = appends.Where(a => a.Segment == segment).SelectMany(a => a.Data).ToArray();
            var info = await client.GetSegmentInfoAsync(segment);
            var stored = await client.ReadRangeAsync(segment, baseOffsets[segment], info.WriteOffset);
            Check.Bytes(expected, stored, $"({id}) bytes stored in {segment} after offset {baseOffsets[segment]}");
        }
    }
}
