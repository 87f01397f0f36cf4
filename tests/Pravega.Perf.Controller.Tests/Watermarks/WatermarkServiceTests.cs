using Pravega.Perf.Controller.Metadata;
using Pravega.Perf.Controller.Model;
using Pravega.Perf.Controller.Tests.Fakes;
using Pravega.Perf.Controller.Watermarks;

namespace Pravega.Perf.Controller.Tests.Watermarks;

public sealed class WatermarkServiceTests
{
    private const long Timeout = 5000;

    private static CancellationToken Token => TestController.Token;

    private static readonly string Writers = MetadataTables.WritersPositions("scope", "s");

    private static async Task<(TestController Controller, ManualTime Time)> StartAsync(int segments = 2)
    {
        var time = new ManualTime();
        var c = await TestController.StartWithScopeAsync(time: time);
        var configuration = StreamConfiguration.Fixed(segments) with { TimestampAggregationTimeout = Timeout };
        Assert.Equal(OperationStatus.Success, (await c.Runtime.Streams.CreateStreamAsync("scope", "s", configuration, Token)).Status);
        return (c, time);
    }

    private static Dictionary<long, long> At(long offset0, long offset1) => new() { [0] = offset0, [1] = offset1 };

    private static Task<WriterMarkStatus> NoteAsync(TestController c, string writer, long time, Dictionary<long, long> position, string stream = "s") =>
        c.Runtime.Watermarks!.NoteTimeAsync("scope", stream, writer, time, position, Token);

    private static async Task<WriterMark?> StoredAsync(TestController c, string writer) =>
        (await c.Store.GetAsync<WriterMark>(Writers, writer, Token))?.Value;

    [Fact]
    public async Task A_noted_mark_is_stored_with_the_time_it_arrived()
    {
        var (c, time) = await StartAsync();
        Assert.Equal(WriterMarkStatus.Success, await NoteAsync(c, "w", 100, At(10, 20)));
        var stored = await StoredAsync(c, "w");
        Assert.NotNull(stored);
        Assert.Equal(100, stored.Timestamp);
        Assert.Equal(At(10, 20), stored.Position);
        Assert.Equal(time.GetUtcNow().ToUnixTimeMilliseconds(), stored.NotedAt);
        Assert.Equal(WriterMarkStatus.Success, await NoteAsync(c, "w", 100, At(10, 25)));
    }

    [Fact]
    public async Task A_time_going_backwards_is_refused_and_changes_nothing()
    {
        var (c, _) = await StartAsync();
        await NoteAsync(c, "w", 100, At(10, 20));
        Assert.Equal(WriterMarkStatus.InvalidTime, await NoteAsync(c, "w", 99, At(30, 40)));
        var stored = await StoredAsync(c, "w");
        Assert.Equal(100, stored!.Timestamp);
        Assert.Equal(At(10, 20), stored.Position);
    }

    [Fact]
    public async Task Positions_that_are_no_cut_of_the_stream_or_go_backwards_are_refused_and_change_nothing()
    {
        var (c, _) = await StartAsync();
        Assert.Equal(WriterMarkStatus.InvalidPosition, await NoteAsync(c, "new", 1, new Dictionary<long, long> { [0] = 1 }));
        Assert.Equal(WriterMarkStatus.InvalidPosition, await NoteAsync(c, "new", 1, new Dictionary<long, long> { [0] = 1, [7] = 1 }));
        Assert.Equal(WriterMarkStatus.InvalidPosition, await NoteAsync(c, "new", 1, At(-2, 0)));
        Assert.Equal(WriterMarkStatus.InvalidPosition, await NoteAsync(c, "new", 1, []));
        Assert.Null(await StoredAsync(c, "new"));

        await NoteAsync(c, "w", 100, At(10, 20));
        Assert.Equal(WriterMarkStatus.InvalidPosition, await NoteAsync(c, "w", 200, At(10, 19)));
        Assert.Equal(At(10, 20), (await StoredAsync(c, "w"))!.Position);
        Assert.Equal(WriterMarkStatus.Success, await NoteAsync(c, "w", 200, At(11, 20)));
    }

    [Fact]
    public async Task A_position_naming_a_segment_its_last_position_had_moved_past_is_refused()
    {
        var (c, _) = await StartAsync(segments: 1);
        await c.Runtime.Streams.ScaleAsync("scope", "s", [0L], [new KeyRange(0, 0.5), new KeyRange(0.5, 1)], 0, Token);
        var successors = new Dictionary<long, long> { [Common.Naming.NameUtils.ComputeSegmentId(1, 1)] = 5, [Common.Naming.NameUtils.ComputeSegmentId(2, 1)] = 5 };
        Assert.Equal(WriterMarkStatus.Success, await NoteAsync(c, "w", 100, successors));
        Assert.Equal(WriterMarkStatus.InvalidPosition, await NoteAsync(c, "w", 200, new Dictionary<long, long> { [0] = 100 }));
    }

    [Fact]
    public async Task Unknown_streams_and_writers_have_their_own_statuses()
    {
        var (c, _) = await StartAsync();
        Assert.Equal(WriterMarkStatus.StreamNotFound, await NoteAsync(c, "w", 1, At(0, 0), stream: "missing"));
        Assert.Equal(WriterMarkStatus.InvalidPosition, await NoteAsync(c, "w", 1, new Dictionary<long, long> { [0] = 0 }, stream: "_MARKs"));
        Assert.Equal(WriterMarkStatus.StreamNotFound, await c.Runtime.Watermarks!.RemoveWriterAsync("scope", "missing", "w", Token));
        Assert.Equal(WriterMarkStatus.UnknownWriter, await c.Runtime.Watermarks.RemoveWriterAsync("scope", "s", "w", Token));
        Assert.Null(await StoredAsync(c, "w"));
    }

    [Fact]
    public async Task Removing_a_writer_marks_it_closed_and_the_job_forgets_it_once_a_watermark_passes_its_time()
    {
        var (c, _) = await StartAsync();
        await NoteAsync(c, "a", 100, At(1, 1));
        await NoteAsync(c, "closed", 150, At(2, 2));
        Assert.Equal(WriterMarkStatus.Success, await c.Runtime.Watermarks!.RemoveWriterAsync("scope", "s", "closed", Token));
        Assert.False((await StoredAsync(c, "closed"))!.IsAlive);
        Assert.Equal(1, await c.Runtime.Watermarks.RunOnceAsync(Token));
        await NoteAsync(c, "a", 300, At(3, 3));
        Assert.Equal(1, await c.Runtime.Watermarks.RunOnceAsync(Token));
        Assert.NotNull(await StoredAsync(c, "closed"));
        Assert.Equal(1, await c.Runtime.Watermarks.RunOnceAsync(Token));
        Assert.Null(await StoredAsync(c, "closed"));
        Assert.Equal([100L, 150L, 300L], c.Marks.Read("scope", "s").Select(w => w.LowerTimeBound));
    }

    [Fact]
    public async Task The_job_appends_rising_watermarks_bounded_by_every_active_writer()
    {
        var (c, time) = await StartAsync();
        await NoteAsync(c, "a", 100, At(10, 0));
        await NoteAsync(c, "b", 250, At(0, 30));
        Assert.Equal(1, await c.Runtime.Watermarks!.RunOnceAsync(Token));
        Assert.Equal(0, await c.Runtime.Watermarks.RunOnceAsync(Token));

        time.Advance(TimeSpan.FromSeconds(1));
        await NoteAsync(c, "a", 400, At(50, 0));
        Assert.Equal(1, await c.Runtime.Watermarks.RunOnceAsync(Token));
        // b's time (250) is the last lower bound: until b reports a later one, no watermark may pass it.
        await NoteAsync(c, "a", 500, At(55, 0));
        Assert.Equal(0, await c.Runtime.Watermarks.RunOnceAsync(Token));
        await NoteAsync(c, "b", 300, At(0, 60));
        Assert.Equal(1, await c.Runtime.Watermarks.RunOnceAsync(Token));

        var marks = c.Marks.Read("scope", "s");
        Assert.Equal([(100L, 250L), (250L, 400L), (300L, 500L)], marks.Select(w => (w.LowerTimeBound, w.UpperTimeBound)));
        Assert.Equal([55L, 60L], marks[2].StreamCut.OrderBy(kv => kv.Key.SegmentId).Select(kv => kv.Value));
    }

    [Fact]
    public async Task A_quiet_writer_is_dropped_after_the_aggregation_timeout_and_the_stream_leaves_the_job_when_none_is_left()
    {
        var (c, time) = await StartAsync();
        await NoteAsync(c, "a", 100, At(1, 1));
        await NoteAsync(c, "quiet", 100, At(1, 1));
        Assert.Equal(1, await c.Runtime.Watermarks!.RunOnceAsync(Token));
        time.Advance(TimeSpan.FromMilliseconds(Timeout - 1));
        await NoteAsync(c, "a", 200, At(2, 2));
        Assert.Equal(0, await c.Runtime.Watermarks.RunOnceAsync(Token));
        Assert.NotNull(await StoredAsync(c, "quiet"));

        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(1, await c.Runtime.Watermarks.RunOnceAsync(Token));
        Assert.Null(await StoredAsync(c, "quiet"));
        Assert.Equal(200, c.Marks.Read("scope", "s")[^1].LowerTimeBound);

        time.Advance(TimeSpan.FromMilliseconds(Timeout));
        Assert.Equal(0, await c.Runtime.Watermarks.RunOnceAsync(Token));
        Assert.Null(await StoredAsync(c, "a"));
        Assert.Null(await c.Store.GetAsync(MetadataTables.WatermarkStreams, "scope/s", Token));

        await NoteAsync(c, "a", 900, At(3, 3));
        Assert.NotNull(await c.Store.GetAsync(MetadataTables.WatermarkStreams, "scope/s", Token));
        Assert.Equal(1, await c.Runtime.Watermarks.RunOnceAsync(Token));
    }

    [Fact]
    public async Task A_restarted_controller_continues_from_the_last_watermark_in_the_mark_stream()
    {
        var (c, _) = await StartAsync();
        await NoteAsync(c, "a", 500, At(40, 40));
        Assert.Equal(1, await c.Runtime.Watermarks!.RunOnceAsync(Token));

        await c.RestartAsync();
        Assert.Equal(500, (await c.Runtime.Watermarks!.LastWatermarkAsync("scope", "s", Token))!.LowerTimeBound);
        await NoteAsync(c, "a", 500, At(41, 41));
        Assert.Equal(0, await c.Runtime.Watermarks.RunOnceAsync(Token));
        await NoteAsync(c, "a", 600, At(42, 42));
        Assert.Equal(1, await c.Runtime.Watermarks.RunOnceAsync(Token));
        Assert.Equal([500L, 600L], c.Marks.Read("scope", "s").Select(w => w.LowerTimeBound));
    }

    [Fact]
    public async Task A_mark_stream_changed_by_someone_else_is_read_again_before_the_next_watermark()
    {
        var (c, _) = await StartAsync();
        await NoteAsync(c, "a", 100, At(1, 1));
        c.Marks.FailNextAppend = true;
        Assert.Equal(0, await c.Runtime.Watermarks!.RunOnceAsync(Token));
        Assert.Empty(c.Marks.Read("scope", "s"));
        Assert.Equal(1, await c.Runtime.Watermarks.RunOnceAsync(Token));
        Assert.Equal(100, Assert.Single(c.Marks.Read("scope", "s")).LowerTimeBound);
    }

    [Fact]
    public async Task A_deleted_streams_marks_are_dropped_by_the_job()
    {
        var (c, _) = await StartAsync();
        await NoteAsync(c, "a", 100, At(1, 1));
        Assert.Equal(OperationStatus.Success, (await c.Runtime.Streams.SealStreamAsync("scope", "s", Token)).Status);
        Assert.Equal(OperationStatus.Success, (await c.Runtime.Streams.DeleteStreamAsync("scope", "s", Token)).Status);
        Assert.Equal(0, await c.Runtime.Watermarks!.RunOnceAsync(Token));
        Assert.Null(await c.Store.GetAsync(MetadataTables.WatermarkStreams, "scope/s", Token));
        Assert.Null(await StoredAsync(c, "a"));
    }
}
