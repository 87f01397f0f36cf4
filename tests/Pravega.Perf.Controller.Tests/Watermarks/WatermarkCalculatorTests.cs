using Pravega.Perf.Client.Watermarks;
using Pravega.Perf.Common.Naming;
using Pravega.Perf.Controller.Model;
using Pravega.Perf.Controller.Streams;
using Pravega.Perf.Controller.Watermarks;

namespace Pravega.Perf.Controller.Tests.Watermarks;

public sealed class WatermarkCalculatorTests
{
    private const long Timeout = 1000;
    private const long Now = 1_000_000;

    // Epoch 0: segments 0 [0, 0.5) and 1 [0.5, 1). Epoch 1: 1 split into 2 [0.5, 0.75) and 3 [0.75, 1); 0 goes on.
    private static readonly long S2 = NameUtils.ComputeSegmentId(2, 1);
    private static readonly long S3 = NameUtils.ComputeSegmentId(3, 1);
    private static readonly SegmentWithRange R0 = new(0, 0, 0.5);
    private static readonly SegmentWithRange R1 = new(1, 0.5, 1);
    private static readonly SegmentWithRange R2 = new(S2, 0.5, 0.75);
    private static readonly SegmentWithRange R3 = new(S3, 0.75, 1);

    private static StreamView View(int currentEpoch = 1)
    {
        var epoch0 = new EpochRecord(0, 0, [new SegmentRecord(0, 0, 0, 0.5), new SegmentRecord(1, 0, 0.5, 1)], 0);
        var epoch1 = new EpochRecord(1, 1, [new SegmentRecord(0, 0, 0, 0.5), new SegmentRecord(S2, 10, 0.5, 0.75), new SegmentRecord(S3, 10, 0.75, 1)], 10);
        var configuration = StreamConfiguration.Fixed(2) with { TimestampAggregationTimeout = Timeout };
        return new StreamView("scope", "s", new StreamHead(configuration, StreamState.Active, currentEpoch, 0), 0, [epoch0, epoch1], 0);
    }

    private static WriterMark Mark(long time, long notedAt = Now, bool alive = true, params (long Segment, long Offset)[] position) =>
        new(time, position.ToDictionary(p => p.Segment, p => p.Offset), notedAt, alive);

    private static Watermark Previous(long lower, params (SegmentWithRange Segment, long Offset)[] cut) =>
        new(lower, lower, cut.ToDictionary(c => c.Segment, c => c.Offset));

    [Fact]
    public void The_first_watermark_spans_the_writers_times_at_the_least_upper_bound_of_their_positions()
    {
        var writers = new Dictionary<string, WriterMark>
        {
            ["a"] = Mark(100, position: [(0, 10), (1, 5)]),
            ["b"] = Mark(300, position: [(0, 20), (1, 3)]),
        };
        var decision = WatermarkCalculator.Compute(View(0), writers, null, Now);
        Assert.Equal(WatermarkOutcome.Emitted, decision.Outcome);
        var watermark = decision.Watermark!;
        Assert.Equal(100, watermark.LowerTimeBound);
        Assert.Equal(300, watermark.UpperTimeBound);
        Assert.Equal(new Dictionary<SegmentWithRange, long> { [R0] = 20, [R1] = 5 }, watermark.StreamCut);
    }

    [Fact]
    public void A_successor_in_any_position_replaces_its_predecessor_in_the_cut()
    {
        var writers = new Dictionary<string, WriterMark>
        {
            ["a"] = Mark(100, position: [(0, 10), (S2, 7), (S3, 9)]),
            ["b"] = Mark(200, position: [(0, 5), (1, 100)]),
        };
        var watermark = WatermarkCalculator.Compute(View(), writers, null, Now).Watermark!;
        Assert.Equal(new Dictionary<SegmentWithRange, long> { [R0] = 10, [R2] = 7, [R3] = 9 }, watermark.StreamCut);
    }

    [Fact]
    public void Keys_no_position_names_are_completed_from_the_highest_epoch_at_offset_zero()
    {
        var writers = new Dictionary<string, WriterMark> { ["a"] = Mark(100, position: [(0, 10), (S2, 7)]) };
        var watermark = WatermarkCalculator.Compute(View(), writers, null, Now).Watermark!;
        Assert.Equal(new Dictionary<SegmentWithRange, long> { [R0] = 10, [R2] = 7, [R3] = 0 }, watermark.StreamCut);
    }

    [Fact]
    public void The_cut_is_never_before_the_previous_watermarks_cut()
    {
        var writers = new Dictionary<string, WriterMark> { ["a"] = Mark(200, position: [(0, 10), (1, 10)]) };
        var watermark = WatermarkCalculator.Compute(View(), writers, Previous(100, (R0, 50), (R2, 4), (R3, 6)), Now).Watermark!;
        Assert.Equal(new Dictionary<SegmentWithRange, long> { [R0] = 50, [R2] = 4, [R3] = 6 }, watermark.StreamCut);
    }

    [Fact]
    public void No_watermark_unless_the_earliest_active_time_is_after_the_previous_lower_bound()
    {
        var previous = Previous(100, (R0, 0), (R1, 0));
        var same = new Dictionary<string, WriterMark> { ["a"] = Mark(100, position: [(0, 1), (1, 1)]) };
        var decision = WatermarkCalculator.Compute(View(0), same, previous, Now);
        Assert.Null(decision.Watermark);
        Assert.Equal(WatermarkOutcome.WaitingForWriters, decision.Outcome);

        var later = new Dictionary<string, WriterMark> { ["a"] = Mark(101, position: [(0, 1), (1, 1)]) };
        Assert.Equal(101, WatermarkCalculator.Compute(View(0), later, previous, Now).Watermark!.LowerTimeBound);
    }

    [Fact]
    public void An_active_writer_that_has_not_reported_since_the_last_watermark_makes_the_round_wait()
    {
        var writers = new Dictionary<string, WriterMark>
        {
            ["a"] = Mark(500, position: [(0, 1), (1, 1)]),
            ["quiet"] = Mark(90, notedAt: Now - Timeout + 1, position: [(0, 1), (1, 1)]),
        };
        var decision = WatermarkCalculator.Compute(View(0), writers, Previous(100, (R0, 0), (R1, 0)), Now);
        Assert.Equal(WatermarkOutcome.WaitingForWriters, decision.Outcome);
        Assert.Null(decision.Watermark);
        Assert.Empty(decision.InactiveWriters);
    }

    [Fact]
    public void A_quiet_writer_stops_holding_the_watermark_back_after_the_aggregation_timeout()
    {
        var writers = new Dictionary<string, WriterMark>
        {
            ["a"] = Mark(500, position: [(0, 1), (1, 1)]),
            ["quiet"] = Mark(90, notedAt: Now - Timeout, position: [(0, 1), (1, 1)]),
        };
        var decision = WatermarkCalculator.Compute(View(0), writers, Previous(100, (R0, 0), (R1, 0)), Now);
        Assert.Equal(WatermarkOutcome.Emitted, decision.Outcome);
        Assert.Equal(["quiet"], decision.InactiveWriters);
        Assert.Equal(500, decision.Watermark!.LowerTimeBound);
    }

    [Fact]
    public void A_closed_writer_counts_until_a_watermark_passes_its_time_then_is_forgotten()
    {
        var closed = Mark(150, alive: false, position: [(0, 1), (1, 1)]);
        var writers = new Dictionary<string, WriterMark> { ["a"] = Mark(500, position: [(0, 1), (1, 1)]), ["closed"] = closed };
        var first = WatermarkCalculator.Compute(View(0), writers, Previous(100, (R0, 0), (R1, 0)), Now);
        Assert.Equal(150, first.Watermark!.LowerTimeBound);
        Assert.Empty(first.InactiveWriters);

        var second = WatermarkCalculator.Compute(View(0), writers, first.Watermark, Now);
        Assert.Equal(["closed"], second.InactiveWriters);
        Assert.Equal(500, second.Watermark!.LowerTimeBound);
    }

    [Fact]
    public void Without_active_writers_nothing_is_emitted_and_every_writer_is_forgotten()
    {
        var writers = new Dictionary<string, WriterMark> { ["old"] = Mark(50, notedAt: Now - (2 * Timeout), position: [(0, 1), (1, 1)]) };
        var decision = WatermarkCalculator.Compute(View(0), writers, Previous(100, (R0, 0), (R1, 0)), Now);
        Assert.Equal(WatermarkOutcome.NoActiveWriters, decision.Outcome);
        Assert.Equal(["old"], decision.InactiveWriters);
    }

    [Fact]
    public void Over_many_rounds_watermarks_rise_strictly_and_stay_at_or_below_every_active_writers_time()
    {
        var random = new Random(1234);
        var view = View(0);
        var writers = new Dictionary<string, WriterMark>();
        var times = new Dictionary<string, long> { ["a"] = 0, ["b"] = 0, ["c"] = 0 };
        var offsets = new Dictionary<string, long> { ["a"] = 0, ["b"] = 0, ["c"] = 0 };
        Watermark? previous = null;
        var emitted = 0;
        var now = Now;
        for (var round = 0; round < 500; round++)
        {
            now += 100;
            foreach (var writer in times.Keys)
            {
                // Writer c goes quiet for rounds 200-299; the others note most rounds.
                if ((writer == "c" && round is >= 200 and < 300) || random.Next(4) == 0)
                {
                    continue;
                }
                times[writer] += random.Next(0, 50);
                offsets[writer] += random.Next(0, 100);
                writers[writer] = Mark(times[writer], now, position: [(0, offsets[writer]), (1, offsets[writer] / 2)]);
            }
            var decision = WatermarkCalculator.Compute(view, writers, previous, now);
            foreach (var gone in decision.InactiveWriters)
            {
                writers.Remove(gone);
            }
            if (decision.Watermark is not { } watermark)
            {
                continue;
            }
            emitted++;
            Assert.True(previous is null || watermark.LowerTimeBound > previous.LowerTimeBound, $"round {round}: the watermark went backwards");
            Assert.All(writers.Values, w => Assert.True(watermark.LowerTimeBound <= w.Timestamp, $"round {round}: lower bound above an active writer's time"));
            Assert.True(watermark.UpperTimeBound >= watermark.LowerTimeBound);
            if (previous is not null)
            {
                Assert.All(previous.StreamCut, kv => Assert.True(watermark.StreamCut[kv.Key] >= kv.Value, $"round {round}: the cut went backwards"));
            }
            previous = watermark;
        }
        Assert.True(emitted > 50, $"only {emitted} watermarks in 500 rounds");
    }
}
