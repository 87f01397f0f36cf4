using Pravega.Perf.Client.Watermarks;
using Grpc.Net.Client;
using Pravega.Perf.Controller;
using Pravega.Perf.Controller.Contracts.V1;
using Pravega.Perf.IntegrationTests.Helpers;
using static Pravega.Perf.IntegrationTests.Helpers.ControllerHarness;

namespace Pravega.Perf.IntegrationTests.Controller;

/// <summary>
/// Writers note times over real gRPC; the controller's watermark job (a short period) appends watermarks to the
/// stream's <c>_MARK</c> segment on a real segment store, read back here as Pravega's readers read them: event-framed
/// records in Pravega's serialized form.
/// </summary>
public sealed class WatermarkTests
{
    private const string MarkSegment = "sc/_MARKs/0.#epoch.0";
    private static readonly ControllerOptions Options = new() { WatermarkPeriod = TimeSpan.FromMilliseconds(100) };

    [Fact]
    public async Task Watermarks_rise_stay_bounded_by_every_active_writer_and_pass_a_writer_gone_quiet()
    {
        await using var h = await ControllerHarness.StartAsync(options: Options);
        await CreateAsync(h);

        // Three writers; c notes once and goes quiet (aggregation timeout 4 s).
        await NoteAsync(h.Client, "a", 1000, 10, 10);
        await NoteAsync(h.Client, "b", 1100, 20, 5);
        await NoteAsync(h.Client, "c", 1200, 5, 30);
        // The job may run between the notes: the first watermark is a's time, its upper bound whoever had noted by then.
        var first = await WaitForAsync(h, w => w.Count >= 1);
        Assert.Equal(1000, first[0].LowerTimeBound);

        await NoteAsync(h.Client, "a", 2000, 40, 10);
        await NoteAsync(h.Client, "b", 2100, 20, 50);
        // A watermark at 2000 is above c's time (1200): only allowed once c stopped counting as active. a and b note the
        // same times and positions again while c times out, so they stay active whenever the job runs: without that,
        // a job delayed past a's own timeout (4 s after its note, a few ms after c's) on a loaded machine skipped to 2100.
        var marks = await WaitForAsync(h, w => w[^1].LowerTimeBound >= 2000, keepActive: async () =>
        {
            await NoteAsync(h.Client, "a", 2000, 40, 10);
            await NoteAsync(h.Client, "b", 2100, 20, 50);
        });
        Assert.Equal(RemoveWriterResponse.Types.Status.UnknownWriter, await RemoveAsync(h.Client, "c"));
        AssertMonotoneAndBounded(marks, [1000, 1100, 1200, 2000, 2100]);
        Assert.Equal(2000, marks[^1].LowerTimeBound);
        Assert.Equal(2100, marks[^1].UpperTimeBound);
        Assert.Equal([40L, 50L], marks[^1].StreamCut.OrderBy(kv => kv.Key.SegmentId).Select(kv => kv.Value));

        // A restarted controller reads the last watermark back and goes on from it.
        await h.Controller.StopAsync(Token);
        await using var restarted = await StartControllerAsync(h.Store, Options);
        using var channel = GrpcChannel.ForAddress(restarted.Address!);
        var client = new ControllerService.ControllerServiceClient(channel);
        await NoteAsync(client, "a", 3000, 60, 60);
        await NoteAsync(client, "b", 3000, 60, 60);
        var after = await WaitForAsync(h, w => w[^1].LowerTimeBound >= 3000);
        AssertMonotoneAndBounded(after, [1000, 1100, 1200, 2000, 2100, 3000]);
        Assert.True(after.Count > marks.Count);
        Assert.Equal([60L, 60L], after[^1].StreamCut.OrderBy(kv => kv.Key.SegmentId).Select(kv => kv.Value));
    }

    [Fact]
    public async Task Refused_marks_answer_the_rpcs_statuses()
    {
        await using var h = await ControllerHarness.StartAsync(options: Options);
        await CreateAsync(h);
        Assert.Equal(TimestampResponse.Types.Status.Success, await NoteAsync(h.Client, "w", 100, 10, 10));
        Assert.Equal(TimestampResponse.Types.Status.InvalidTime, await NoteAsync(h.Client, "w", 99, 20, 20));
        Assert.Equal(TimestampResponse.Types.Status.InvalidPosition, await NoteAsync(h.Client, "w", 200, 5, 20));
        var partial = new TimestampFromWriter { Writer = "w", Timestamp = 300, Position = new StreamCut { StreamInfo = Info("sc", "s") } };
        partial.Position.Cut[0] = 30;
        Assert.Equal(TimestampResponse.Types.Status.InvalidPosition, (await h.Client.noteTimestampFromWriterAsync(partial, cancellationToken: Token)).Result);
        Assert.Equal(RemoveWriterResponse.Types.Status.UnknownWriter, await RemoveAsync(h.Client, "nobody"));
        var missing = new RemoveWriterRequest { Writer = "w", Stream = Info("sc", "missing") };
        Assert.Equal(RemoveWriterResponse.Types.Status.StreamDoesNotExist, (await h.Client.removeWriterAsync(missing, cancellationToken: Token)).Result);
        Assert.Equal(RemoveWriterResponse.Types.Status.Success, await RemoveAsync(h.Client, "w"));
    }

    private static async Task CreateAsync(ControllerHarness h)
    {
        await h.CreateScopeAsync("sc");
        var config = Config("sc", "s", 2);
        // Long enough that a loaded machine never drops a writer between two of its notes; short enough to wait out for c.
        config.TimestampAggregationTimeout = 4000;
        Assert.Equal(CreateStreamStatus.Types.Status.Success, (await h.Client.createStreamAsync(config, cancellationToken: Token)).Status);
    }

    private static async Task<TimestampResponse.Types.Status> NoteAsync(ControllerService.ControllerServiceClient client, string writer, long time,
        long offset0, long offset1)
    {
        var request = new TimestampFromWriter { Writer = writer, Timestamp = time, Position = new StreamCut { StreamInfo = Info("sc", "s") } };
        request.Position.Cut[0] = offset0;
        request.Position.Cut[1] = offset1;
        return (await client.noteTimestampFromWriterAsync(request, cancellationToken: Token)).Result;
    }

    private static async Task<RemoveWriterResponse.Types.Status> RemoveAsync(ControllerService.ControllerServiceClient client, string writer) =>
        (await client.removeWriterAsync(new RemoveWriterRequest { Writer = writer, Stream = Info("sc", "s") }, cancellationToken: Token)).Result;

    /// <summary>Reads the mark segment until <paramref name="done"/> holds (deadline 30 s; the job runs every 100 ms),
    /// calling <paramref name="keepActive"/> every 500 ms meanwhile.</summary>
    private static async Task<List<Watermark>> WaitForAsync(ControllerHarness h, Func<List<Watermark>, bool> done, Func<Task>? keepActive = null)
    {
        await using var wire = await h.Store.ConnectAsync();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        var nextKeepActive = DateTime.UtcNow + TimeSpan.FromMilliseconds(500);
        while (true)
        {
            if (keepActive is not null && DateTime.UtcNow >= nextKeepActive)
            {
                await keepActive();
                nextKeepActive = DateTime.UtcNow + TimeSpan.FromMilliseconds(500);
            }
            var marks = EventParser.Parse(await wire.ReadAllAsync(MarkSegment)).Select(b => WatermarkSerializer.FromBytes(b)).ToList();
            if (marks.Count > 0 && done(marks))
            {
                return marks;
            }
            Assert.True(DateTime.UtcNow < deadline, $"no such watermark within 30 s; the mark stream holds {marks.Count}");
            await Task.Delay(50, Token);
        }
    }

    private static void AssertMonotoneAndBounded(List<Watermark> marks, long[] notedTimes)
    {
        for (var i = 0; i < marks.Count; i++)
        {
            Assert.Contains(marks[i].LowerTimeBound, notedTimes);
            Assert.True(marks[i].UpperTimeBound >= marks[i].LowerTimeBound, $"watermark {i}: upper below lower");
            Assert.True(KeyCovered(marks[i]), $"watermark {i}: its cut does not cover the key space");
            if (i > 0)
            {
                Assert.True(marks[i].LowerTimeBound > marks[i - 1].LowerTimeBound, $"watermark {i} went backwards");
                Assert.All(marks[i - 1].StreamCut, kv => Assert.True(marks[i].StreamCut[kv.Key] >= kv.Value, $"watermark {i}: cut went backwards"));
            }
        }
    }

    private static bool KeyCovered(Watermark mark) =>
        Pravega.Perf.Controller.Model.KeyRange.CoversExactly(mark.StreamCut.Keys.Select(s => new Pravega.Perf.Controller.Model.KeyRange(s.RangeLow, s.RangeHigh)), 0, 1);
}
