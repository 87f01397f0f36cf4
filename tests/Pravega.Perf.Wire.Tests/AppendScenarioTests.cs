using System.Buffers;
using Pravega.Perf.Common;
using Pravega.Perf.Wire.Appends;
using Pravega.Perf.Wire.Commands;
using Pravega.Perf.Wire.Events;
using Pravega.Perf.Wire.Tests.Helpers;

namespace Pravega.Perf.Wire.Tests;

/// <summary>
/// The append scenarios of <c>wire-vectors.md</c>: byte streams written by Pravega's Java client encoder and the
/// appends its server-side decoder reassembles from them. Our <see cref="RequestReader"/> must reassemble the
/// same appends (whole, and fed in random pieces), and our <see cref="AppendBlockWriter"/> must write the
/// same bytes from the same calls.
/// </summary>
public class AppendScenarioTests
{
    public static TheoryData<string> ScenarioIds => [.. WireVectorFile.Scenarios.Select(s => s.Id)];

    [Fact]
    public void TheVectorFileHoldsTheSevenAppendScenariosPlusTheExtraOne()
    {
        var ids = WireVectorFile.Scenarios.Select(s => s.Id).ToArray();
        Assert.True(ids.SequenceEqual(["a", "b", "b0", "c", "d", "e", "f", "g"]), $"parsed scenarios: {string.Join(", ", ids)}");
    }

    [Theory]
    [MemberData(nameof(ScenarioIds))]
    public void EachScenarioStreamReassemblesIntoItsListedAppends(string id)
    {
        var scenario = WireVectorFile.Scenarios.Single(s => s.Id == id);
        var expected = scenario.Outputs.Select(Describe).ToList();
        Assert.Equal(expected, ReadAll(scenario.Stream, []));
        var random = new Random(1234 + id.GetHashCode(StringComparison.Ordinal) % 1000);
        for (var round = 0; round < 50; round++)
        {
            var cuts = Enumerable.Range(0, random.Next(1, 12)).Select(_ => random.Next(1, scenario.Stream.Length)).Distinct().Order().ToArray();
            Assert.Equal(expected, ReadAll(scenario.Stream, cuts));
        }
        // Byte by byte, too: the most incremental a reader can be fed.
        Assert.Equal(expected, ReadAll(scenario.Stream, [.. Enumerable.Range(1, scenario.Stream.Length - 1)]));
    }

    [Theory]
    [MemberData(nameof(ScenarioIds))]
    public void TheBlockWriterReproducesEachScenarioStreamByteForByte(string id)
    {
        var scenario = WireVectorFile.Scenarios.Single(s => s.Id == id);
        var (written, hasOpenBlock) = Replay(scenario);
        Assert.Equal(Hex.Format(scenario.Stream), Hex.Format(written));
        Assert.False(hasOpenBlock, $"scenario ({id}) ends with every block closed");
    }

    [Theory]
    [MemberData(nameof(ScenarioIds))]
    public void WhatTheBlockWriterWritesReassemblesIntoTheSameAppends(string id)
    {
        // Implied by the two tests above when both pass, but it pins our client and server to each other.
        var scenario = WireVectorFile.Scenarios.Single(s => s.Id == id);
        var (written, _) = Replay(scenario);
        Assert.Equal(scenario.Outputs.Select(Describe), ReadAll(written, [written.Length / 2]));
    }

    /// <summary>Makes the scenario's encoder calls on our block writer; returns what it wrote.</summary>
    private static (byte[] Written, bool HasOpenBlock) Replay(AppendScenario scenario)
    {
        var events = EventsPerWriter(scenario);
        var output = new ArrayBufferWriter<byte>();
        var writer = new AppendBlockWriter(output, new FixedAppendBlockSize(scenario.BlockSize));
        foreach (var call in scenario.Calls)
        {
            switch (call)
            {
                case SetupCall s:
                    writer.WriteCommand(new SetupAppend(s.RequestId, Uuid.Parse(s.WriterId), s.Segment, s.Token));
                    break;
                case AppendCall a:
                    var payload = events[a.WriterId].Dequeue();
                    Assert.True(payload.Length == a.Length, $"event {a.EventNumber} of {a.WriterId}: {payload.Length} bytes, listed {a.Length}");
                    if (a.Data is not null)
                    {
                        Assert.Equal(Hex.Format(a.Data), Hex.Format(payload));
                    }
                    writer.Append(Uuid.Parse(a.WriterId), a.EventNumber, payload);
                    break;
                case ConditionalAppendCall c:
                    writer.WriteCommand(new ConditionalAppend(Uuid.Parse(c.WriterId), c.EventNumber, c.ExpectedOffset,
                        new ReadOnlySequence<byte>(c.Data), c.RequestId));
                    break;
                case ConditionalBlockEndCall c:
                    writer.WriteCommand(new ConditionalBlockEnd(Uuid.Parse(c.WriterId), c.EventNumber, c.ExpectedOffset,
                        new ReadOnlySequence<byte>(c.Data), c.RequestId));
                    break;
                case KeepAliveCall:
                    writer.WriteCommand(new KeepAlive());
                    break;
                case BatchTimeoutCall t:
                    Assert.Equal(t.Returns, writer.BatchTimeout(t.Token));
                    break;
            }
        }
        return (output.WrittenSpan.ToArray(), writer.HasOpenBlock);
    }

    /// <summary>Each writer's event payloads in order, taken from the listed appends (the encoder calls truncate them).</summary>
    private static Dictionary<string, Queue<byte[]>> EventsPerWriter(AppendScenario scenario)
    {
        var events = new Dictionary<string, Queue<byte[]>>();
        foreach (var append in scenario.Outputs.OfType<AppendOutput>())
        {
            if (!events.TryGetValue(append.WriterId, out var queue))
            {
                events[append.WriterId] = queue = new Queue<byte[]>();
            }
            var reader = new EventFrameReader(new ReadOnlySequence<byte>(append.Data));
            while (reader.TryReadNext(out var payload))
            {
                queue.Enqueue(payload.ToArray());
            }
            Assert.True(reader.Remaining.IsEmpty, "listed append data holds whole events");
        }
        return events;
    }

    private static List<string> ReadAll(byte[] stream, int[] cuts)
    {
        var full = Segmented.Split(stream, cuts);
        var reader = new RequestReader();
        var seen = new List<string>();
        long start = 0;
        foreach (var visibleEnd in cuts.Append(stream.Length))
        {
            while (true)
            {
                var visible = full.Slice(start, visibleEnd - start);
                if (!reader.TryRead(visible, out var request, out var consumed))
                {
                    Assert.True(visible.Slice(0, consumed).Length == 0, "need-more consumes nothing");
                    break;
                }
                seen.Add(Describe(request));
                start += visible.Slice(0, consumed).Length;
            }
        }
        Assert.True(start == stream.Length, $"read {start} of {stream.Length} bytes");
        return seen;
    }

    private static string Describe(Request request)
    {
        if (request.IsAppend)
        {
            var a = request.Append;
            return Describe(new AppendOutput(a.WriterId.ToString(), a.Segment, a.EventCount, a.LastEventNumber, a.RequestId,
                a.IsConditional ? a.ExpectedOffset : null, a.Data.ToArray()));
        }
        if (request.Type == WireCommandType.SetupAppend)
        {
            var setup = request.Read<SetupAppend>();
            return Describe(new SetupOutput(setup.RequestId, setup.WriterId.ToString(), setup.Segment.ToString()));
        }
        return Describe(new CommandOutput(WireCommandTypes.GetName(request.Type)));
    }

    private static string Describe(ScenarioOutput output) => output switch
    {
        AppendOutput a => $"append writer={a.WriterId} segment={a.Segment} events={a.EventCount} last={a.LastEventNumber} " +
            $"requestId={a.RequestId} expectedOffset={a.ExpectedOffset?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"} data={Hex.Format(a.Data)}",
        SetupOutput s => $"setup requestId={s.RequestId} writer={s.WriterId} segment={s.Segment}",
        CommandOutput c => c.Name,
        _ => throw new InvalidOperationException(),
    };
}
