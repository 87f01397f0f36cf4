using System.Text;
using Pravega.Perf.Common;
using Pravega.Perf.Common.Hashing;
using Pravega.Perf.Common.Naming;
using Pravega.Perf.Controller.Contracts.V1;
using Pravega.Perf.IntegrationTests.Helpers;
using Pravega.Perf.Testing.WireClient;
using Pravega.Perf.Wire.Commands;
using static Pravega.Perf.IntegrationTests.Helpers.ControllerHarness;

namespace Pravega.Perf.IntegrationTests.Controller;

/// <summary>
/// A wire-level writer routes keyed events by Pravega's hash while the controller splits and then merges the stream
/// under it; on <c>SegmentIsSealed</c> it asks the controller for successors and sends the refused event there, as
/// Pravega's writer does. Every acknowledged event must be read back exactly once, each key's events in write order.
/// </summary>
public sealed class ScaleWhileWritingTests
{
    private const int Events = 600;

    private sealed class Route(SegmentRange range, Uuid writer)
    {
        public SegmentRange Range { get; } = range;

        public Uuid Writer { get; } = writer;

        public long EventNumber { get; set; }
    }

    [Fact]
    public async Task A_split_and_a_merge_during_writes_lose_nothing_and_keep_each_keys_order()
    {
        await using var h = await ControllerHarness.StartAsync();
        await h.CreateScopeAsync("sc");
        await h.CreateStreamAsync("sc", "s", 1);
        await using var client = await h.Store.ConnectAsync();
        var routes = new List<Route>();
        foreach (var range in await h.CurrentSegmentsAsync("sc", "s"))
        {
            routes.Add(await SetUpAsync(client, range));
        }
        var everySegment = new HashSet<long>(routes.Select(r => r.Range.SegmentId.SegmentId_));
        var acked = new Dictionary<string, List<int>>();
        Task? scaling = null;
        for (var i = 0; i < Events; i++)
        {
            var key = "key-" + (i % 8);
            if (i == Events / 3)
            {
                scaling = SplitAsync(h);
            }
            if (i == 2 * Events / 3)
            {
                await scaling!;
                scaling = MergeAsync(h);
            }
            while (true)
            {
                var route = RouteOf(routes, key);
                route.EventNumber++;
                client.Append(route.Writer, route.EventNumber, Encoding.UTF8.GetBytes($"{key}:{i}"));
                await client.FlushAsync();
                var reply = await client.ReceiveAsync();
                if (reply.Command is DataAppended)
                {
                    (acked.TryGetValue(key, out var list) ? list : acked[key] = []).Add(i);
                    break;
                }
                Assert.True(reply.Command is SegmentIsSealed, $"event {i}: unexpected reply {reply.Type}");
                // Pravega's writer: the segment was sealed by a scale; replace it by its successors and resend.
                var successors = await h.Client.getSegmentsImmediatelyFollowingAsync(route.Range.SegmentId, cancellationToken: Token);
                Assert.NotEmpty(successors.Segments);
                routes.Remove(route);
                foreach (var successor in successors.Segments.Where(s => routes.All(r => r.Range.SegmentId.SegmentId_ != s.Segment.SegmentId.SegmentId_)))
                {
                    routes.Add(await SetUpAsync(client, successor.Segment));
                    everySegment.Add(successor.Segment.SegmentId.SegmentId_);
                }
            }
        }
        await scaling!;
        Assert.True(everySegment.Count >= 4, $"the writer met both scales (segments used: {everySegment.Count})");

        // Read every segment the stream ever had, oldest epoch first: a key lives in one segment per epoch.
        var read = new Dictionary<string, List<int>>();
        var epochs = (await h.Client.getCurrentSegmentsAsync(Info("sc", "s"), cancellationToken: Token)).SegmentRanges_.Max(s => NameUtils.GetEpoch(s.SegmentId.SegmentId_));
        for (var epoch = 0; epoch <= epochs; epoch++)
        {
            var inEpoch = await h.Client.getEpochSegmentsAsync(new GetEpochSegmentsRequest { StreamInfo = Info("sc", "s"), Epoch = epoch }, cancellationToken: Token);
            foreach (var segment in inEpoch.SegmentRanges_.Where(s => NameUtils.GetEpoch(s.SegmentId.SegmentId_) == epoch))
            {
                var bytes = await client.ReadAllAsync(NameUtils.GetQualifiedStreamSegmentName("sc", "s", segment.SegmentId.SegmentId_));
                foreach (var e in EventParser.Parse(bytes))
                {
                    var (key, index) = (Encoding.UTF8.GetString(e).Split(':')[0], int.Parse(Encoding.UTF8.GetString(e).Split(':')[1]));
                    (read.TryGetValue(key, out var list) ? list : read[key] = []).Add(index);
                }
            }
        }
        Assert.Equal(acked.Keys.Order(), read.Keys.Order());
        foreach (var (key, written) in acked)
        {
            Assert.Equal(written, read[key]);
        }
    }

    private static Route RouteOf(List<Route> routes, string key)
    {
        var hash = RoutingKeyHash.Hash(key);
        return routes.First(r => r.Range.MinKey <= hash && hash < r.Range.MaxKey);
    }

    private static async Task<Route> SetUpAsync(WireTestClient client, SegmentRange range)
    {
        var writer = Uuid.NewRandom();
        var name = NameUtils.GetQualifiedStreamSegmentName("sc", "s", range.SegmentId.SegmentId_);
        var last = await client.SetupAppendAsync(writer, name, client.NextRequestId());
        return new Route(range, writer) { EventNumber = Math.Max(0, last) };
    }

    private static async Task SplitAsync(ControllerHarness h)
    {
        var request = new ScaleRequest { StreamInfo = Info("sc", "s") };
        request.SealedSegments.Add(0);
        request.NewKeyRanges.Add(new ScaleRequest.Types.KeyRangeEntry { Start = 0, End = 0.5 });
        request.NewKeyRanges.Add(new ScaleRequest.Types.KeyRangeEntry { Start = 0.5, End = 1 });
        Assert.Equal(ScaleResponse.Types.ScaleStreamStatus.Started, (await h.Client.scaleAsync(request, cancellationToken: Token)).Status);
    }

    private static async Task MergeAsync(ControllerHarness h)
    {
        var request = new ScaleRequest { StreamInfo = Info("sc", "s") };
        request.SealedSegments.AddRange((await h.CurrentSegmentsAsync("sc", "s")).Select(s => s.SegmentId.SegmentId_));
        request.NewKeyRanges.Add(new ScaleRequest.Types.KeyRangeEntry { Start = 0, End = 1 });
        Assert.Equal(ScaleResponse.Types.ScaleStreamStatus.Started, (await h.Client.scaleAsync(request, cancellationToken: Token)).Status);
    }
}
