using Grpc.Core;
using Grpc.Health.V1;
using Pravega.Perf.Controller.Contracts.V1;
using Pravega.Perf.IntegrationTests.Helpers;
using static Pravega.Perf.IntegrationTests.Helpers.ControllerHarness;

namespace Pravega.Perf.IntegrationTests.Controller;

/// <summary>Every RPC of the controller over real gRPC against a real segment store: success and each documented failure status.</summary>
public sealed class ControllerRpcTests : IAsyncLifetime
{
    private ControllerHarness _h = null!;

    private ControllerService.ControllerServiceClient C => _h.Client;

    public async ValueTask InitializeAsync() => _h = await ControllerHarness.StartAsync();

    public async ValueTask DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task Scopes_answer_each_status_of_create_exists_list_and_delete()
    {
        Assert.Equal(CreateScopeStatus.Types.Status.Success, (await C.createScopeAsync(new ScopeInfo { Scope = "s1" }, cancellationToken: Token)).Status);
        Assert.Equal(CreateScopeStatus.Types.Status.ScopeExists, (await C.createScopeAsync(new ScopeInfo { Scope = "s1" }, cancellationToken: Token)).Status);
        Assert.Equal(CreateScopeStatus.Types.Status.InvalidScopeName, (await C.createScopeAsync(new ScopeInfo { Scope = "bad/name" }, cancellationToken: Token)).Status);
        Assert.True((await C.checkScopeExistsAsync(new ScopeInfo { Scope = "s1" }, cancellationToken: Token)).Exists);
        Assert.False((await C.checkScopeExistsAsync(new ScopeInfo { Scope = "nope" }, cancellationToken: Token)).Exists);
        await _h.CreateScopeAsync("s2");
        var listed = await C.listScopesAsync(new ScopesRequest(), cancellationToken: Token);
        Assert.Equal(["s1", "s2"], listed.Scopes.Order());
        var next = await C.listScopesAsync(new ScopesRequest { ContinuationToken = listed.ContinuationToken }, cancellationToken: Token);
        Assert.Empty(next.Scopes);
        await _h.CreateStreamAsync("s1", "st", 1);
        Assert.Equal(DeleteScopeStatus.Types.Status.ScopeNotEmpty, (await C.deleteScopeAsync(new ScopeInfo { Scope = "s1" }, cancellationToken: Token)).Status);
        Assert.Equal(DeleteScopeStatus.Types.Status.Success, (await C.deleteScopeAsync(new ScopeInfo { Scope = "s2" }, cancellationToken: Token)).Status);
        Assert.Equal(DeleteScopeStatus.Types.Status.ScopeNotFound, (await C.deleteScopeAsync(new ScopeInfo { Scope = "s2" }, cancellationToken: Token)).Status);
        Assert.Equal(DeleteScopeStatus.Types.Status.Success, (await C.deleteScopeRecursiveAsync(new ScopeInfo { Scope = "s1" }, cancellationToken: Token)).Status);
        Assert.False((await C.checkScopeExistsAsync(new ScopeInfo { Scope = "s1" }, cancellationToken: Token)).Exists);
        Assert.False(await _h.SegmentExistsAsync("s1/st/0.#epoch.0"), "the recursive delete removed the stream's segment");
    }

    [Fact]
    public async Task Streams_answer_each_status_of_create_update_seal_and_delete()
    {
        await _h.CreateScopeAsync("sc");
        Assert.Equal(CreateStreamStatus.Types.Status.Success, (await C.createStreamAsync(Config("sc", "a", 3), cancellationToken: Token)).Status);
        Assert.Equal(CreateStreamStatus.Types.Status.StreamExists, (await C.createStreamAsync(Config("sc", "a", 3), cancellationToken: Token)).Status);
        Assert.Equal(CreateStreamStatus.Types.Status.ScopeNotFound, (await C.createStreamAsync(Config("none", "a", 1), cancellationToken: Token)).Status);
        Assert.Equal(CreateStreamStatus.Types.Status.InvalidStreamName, (await C.createStreamAsync(Config("sc", "a b", 1), cancellationToken: Token)).Status);
        Assert.True((await C.checkStreamExistsAsync(Info("sc", "a"), cancellationToken: Token)).Exists);
        var segments = await _h.CurrentSegmentsAsync("sc", "a");
        Assert.Equal([0L, 1L, 2L], segments.Select(s => s.SegmentId.SegmentId_));
        Assert.True(await _h.SegmentExistsAsync("sc/a/2.#epoch.0"));
        var config = Config("sc", "a", 3);
        config.Tags = new Tags();
        config.Tags.Tag.Add("blue");
        Assert.Equal(UpdateStreamStatus.Types.Status.Success, (await C.updateStreamAsync(config, cancellationToken: Token)).Status);
        Assert.Equal(["blue"], (await C.getStreamConfigurationAsync(Info("sc", "a"), cancellationToken: Token)).Tags.Tag);
        var tagged = await C.listStreamsInScopeForTagAsync(new StreamsInScopeWithTagRequest { Scope = new ScopeInfo { Scope = "sc" }, Tag = "blue" }, cancellationToken: Token);
        Assert.Equal(["a"], tagged.Streams.Select(s => s.Stream));
        var all = await C.listStreamsInScopeAsync(new StreamsInScopeRequest { Scope = new ScopeInfo { Scope = "sc" } }, cancellationToken: Token);
        Assert.Contains(all.Streams, s => s.Stream == "a");
        Assert.Equal(StreamsInScopeResponse.Types.Status.ScopeNotFound,
            (await C.listStreamsInScopeAsync(new StreamsInScopeRequest { Scope = new ScopeInfo { Scope = "none" } }, cancellationToken: Token)).Status);
        Assert.Equal(UpdateStreamStatus.Types.Status.StreamNotFound, (await C.updateStreamAsync(Config("sc", "b", 1), cancellationToken: Token)).Status);
        Assert.Equal(DeleteStreamStatus.Types.Status.StreamNotSealed, (await C.deleteStreamAsync(Info("sc", "a"), cancellationToken: Token)).Status);
        Assert.Equal(UpdateStreamStatus.Types.Status.Success, (await C.sealStreamAsync(Info("sc", "a"), cancellationToken: Token)).Status);
        Assert.True(await _h.SegmentSealedAsync("sc/a/0.#epoch.0"));
        Assert.Empty(await _h.CurrentSegmentsAsync("sc", "a"));
        Assert.Equal(UpdateStreamStatus.Types.Status.StreamSealed, (await C.updateStreamAsync(Config("sc", "a", 1), cancellationToken: Token)).Status);
        Assert.Equal(UpdateStreamStatus.Types.Status.StreamNotFound, (await C.sealStreamAsync(Info("sc", "zz"), cancellationToken: Token)).Status);
        Assert.Equal(DeleteStreamStatus.Types.Status.Success, (await C.deleteStreamAsync(Info("sc", "a"), cancellationToken: Token)).Status);
        Assert.Equal(DeleteStreamStatus.Types.Status.StreamNotFound, (await C.deleteStreamAsync(Info("sc", "a"), cancellationToken: Token)).Status);
        Assert.False(await _h.SegmentExistsAsync("sc/a/0.#epoch.0"));
        Assert.False(await _h.SegmentExistsAsync("sc/_MARKa/0.#epoch.0"));
    }

    [Fact]
    public async Task Segment_queries_follow_a_split_and_a_merge()
    {
        await _h.CreateScopeAsync("sc");
        await _h.CreateStreamAsync("sc", "s", 2);
        var uri = await C.getURIAsync(Segment("sc", "s", 0), cancellationToken: Token);
        Assert.Equal(("127.0.0.1", ((System.Net.IPEndPoint)_h.Store.EndPoint).Port), (uri.Endpoint, uri.Port));
        var scale = new ScaleRequest { StreamInfo = Info("sc", "s"), ScaleTimestamp = 1 };
        scale.SealedSegments.Add(0);
        scale.NewKeyRanges.Add(new ScaleRequest.Types.KeyRangeEntry { Start = 0, End = 0.25 });
        scale.NewKeyRanges.Add(new ScaleRequest.Types.KeyRangeEntry { Start = 0.25, End = 0.5 });
        var started = await C.scaleAsync(scale, cancellationToken: Token);
        Assert.Equal(ScaleResponse.Types.ScaleStreamStatus.Started, started.Status);
        Assert.Equal(0, started.Epoch);
        Assert.Equal([(2L | 1L << 32), (3L | 1L << 32)], started.Segments.Select(s => s.SegmentId.SegmentId_));
        Assert.Equal(ScaleStatusResponse.Types.ScaleStatus.Success,
            (await C.checkScaleAsync(new ScaleStatusRequest { StreamInfo = Info("sc", "s"), Epoch = 0 }, cancellationToken: Token)).Status);
        Assert.Equal(ScaleStatusResponse.Types.ScaleStatus.InvalidInput,
            (await C.checkScaleAsync(new ScaleStatusRequest { StreamInfo = Info("sc", "s"), Epoch = 5 }, cancellationToken: Token)).Status);
        Assert.Equal(ScaleResponse.Types.ScaleStreamStatus.PreconditionFailed, (await C.scaleAsync(scale, cancellationToken: Token)).Status);
        foreach (var successors in new[]
                 {
                     await C.getSegmentsImmediatelyFollowingAsync(Segment("sc", "s", 0), cancellationToken: Token),
                     await C.getSegmentsImmediatlyFollowingAsync(Segment("sc", "s", 0), cancellationToken: Token),
                 })
        {
            Assert.Equal(2, successors.Segments.Count);
            Assert.All(successors.Segments, e => Assert.Equal([0L], e.Value));
        }
        Assert.Empty((await C.getSegmentsImmediatelyFollowingAsync(Segment("sc", "s", 1), cancellationToken: Token)).Segments);
        Assert.False((await C.isSegmentValidAsync(Segment("sc", "s", 0), cancellationToken: Token)).Response);
        Assert.True((await C.isSegmentValidAsync(Segment("sc", "s", 1), cancellationToken: Token)).Response);
        var epoch0 = await C.getEpochSegmentsAsync(new GetEpochSegmentsRequest { StreamInfo = Info("sc", "s"), Epoch = 0 }, cancellationToken: Token);
        Assert.Equal([0L, 1L], epoch0.SegmentRanges_.Select(s => s.SegmentId.SegmentId_));
        var head = await C.getSegmentsAsync(new GetSegmentsRequest { StreamInfo = Info("sc", "s") }, cancellationToken: Token);
        Assert.Equal([0L, 1L], head.Segments.Select(s => s.SegmentId.SegmentId_).Order());
        var between = await C.getSegmentsBetweenAsync(new StreamCutRange { StreamInfo = Info("sc", "s") }, cancellationToken: Token);
        Assert.Equal(4, between.Segments.Count);
        var cut = new StreamCut { StreamInfo = Info("sc", "s") };
        cut.Cut.Add(1, 0);
        cut.Cut.Add(2L | 1L << 32, 0);
        cut.Cut.Add(3L | 1L << 32, 0);
        Assert.True((await C.isStreamCutValidAsync(cut, cancellationToken: Token)).Response);
        cut.Cut.Remove(1);
        Assert.False((await C.isStreamCutValidAsync(cut, cancellationToken: Token)).Response);

        var merge = new ScaleRequest { StreamInfo = Info("sc", "s") };
        merge.SealedSegments.Add(2L | 1L << 32);
        merge.SealedSegments.Add(3L | 1L << 32);
        merge.NewKeyRanges.Add(new ScaleRequest.Types.KeyRangeEntry { Start = 0, End = 0.5 });
        Assert.Equal(ScaleResponse.Types.ScaleStreamStatus.Started, (await C.scaleAsync(merge, cancellationToken: Token)).Status);
        var merged = Assert.Single((await C.getSegmentsImmediatelyFollowingAsync(Segment("sc", "s", 2L | 1L << 32), cancellationToken: Token)).Segments);
        Assert.Equal([2L | 1L << 32, 3L | 1L << 32], merged.Value.Order());
    }

    [Fact]
    public async Task Bad_scale_requests_answer_failure_or_precondition_failed_and_change_nothing()
    {
        await _h.CreateScopeAsync("sc");
        await _h.CreateStreamAsync("sc", "s", 2);
        var gap = new ScaleRequest { StreamInfo = Info("sc", "s") };
        gap.SealedSegments.Add(0);
        gap.NewKeyRanges.Add(new ScaleRequest.Types.KeyRangeEntry { Start = 0, End = 0.2 });
        gap.NewKeyRanges.Add(new ScaleRequest.Types.KeyRangeEntry { Start = 0.3, End = 0.5 });
        Assert.Equal(ScaleResponse.Types.ScaleStreamStatus.Failure, (await C.scaleAsync(gap, cancellationToken: Token)).Status);
        var overlap = new ScaleRequest { StreamInfo = Info("sc", "s") };
        overlap.SealedSegments.Add(0);
        overlap.NewKeyRanges.Add(new ScaleRequest.Types.KeyRangeEntry { Start = 0, End = 0.4 });
        overlap.NewKeyRanges.Add(new ScaleRequest.Types.KeyRangeEntry { Start = 0.3, End = 0.5 });
        Assert.Equal(ScaleResponse.Types.ScaleStreamStatus.Failure, (await C.scaleAsync(overlap, cancellationToken: Token)).Status);
        var unknown = new ScaleRequest { StreamInfo = Info("sc", "s") };
        unknown.SealedSegments.Add(42);
        unknown.NewKeyRanges.Add(new ScaleRequest.Types.KeyRangeEntry { Start = 0, End = 0.5 });
        Assert.Equal(ScaleResponse.Types.ScaleStreamStatus.PreconditionFailed, (await C.scaleAsync(unknown, cancellationToken: Token)).Status);
        await C.sealStreamAsync(Info("sc", "s"), cancellationToken: Token);
        var sealedStream = new ScaleRequest { StreamInfo = Info("sc", "s") };
        sealedStream.SealedSegments.Add(0);
        sealedStream.NewKeyRanges.Add(new ScaleRequest.Types.KeyRangeEntry { Start = 0, End = 0.5 });
        Assert.Equal(ScaleResponse.Types.ScaleStreamStatus.PreconditionFailed, (await C.scaleAsync(sealedStream, cancellationToken: Token)).Status);
        Assert.Equal(2, (await C.getEpochSegmentsAsync(new GetEpochSegmentsRequest { StreamInfo = Info("sc", "s"), Epoch = 0 }, cancellationToken: Token)).SegmentRanges_.Count);
        var ex = await Assert.ThrowsAsync<RpcException>(async () =>
            await C.getEpochSegmentsAsync(new GetEpochSegmentsRequest { StreamInfo = Info("sc", "s"), Epoch = 1 }, cancellationToken: Token));
        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
    }

    [Fact]
    public async Task Malformed_requests_are_invalid_argument_naming_the_field_and_the_server_stays_up()
    {
        var missing = await Assert.ThrowsAsync<RpcException>(async () => await C.createStreamAsync(new StreamConfig(), cancellationToken: Token));
        Assert.Equal(StatusCode.InvalidArgument, missing.StatusCode);
        Assert.Contains("streamInfo", missing.Status.Detail, StringComparison.Ordinal);
        var emptyScope = await Assert.ThrowsAsync<RpcException>(async () => await C.getCurrentSegmentsAsync(new StreamInfo { Stream = "x" }, cancellationToken: Token));
        Assert.Equal(StatusCode.InvalidArgument, emptyScope.StatusCode);
        Assert.Contains("scope", emptyScope.Status.Detail, StringComparison.Ordinal);
        await _h.CreateScopeAsync("sc");
        var badPolicy = Config("sc", "p", 0);
        var invalid = await Assert.ThrowsAsync<RpcException>(async () => await C.createStreamAsync(badPolicy, cancellationToken: Token));
        Assert.Equal(StatusCode.InvalidArgument, invalid.StatusCode);
        Assert.Contains("minNumSegments", invalid.Status.Detail, StringComparison.Ordinal);
        var notFound = await Assert.ThrowsAsync<RpcException>(async () => await C.getCurrentSegmentsAsync(Info("sc", "missing"), cancellationToken: Token));
        Assert.Equal(StatusCode.NotFound, notFound.StatusCode);
        var unknownSegment = await Assert.ThrowsAsync<RpcException>(async () => await C.getSegmentsImmediatelyFollowingAsync(Segment("sc", "missing", 0), cancellationToken: Token));
        Assert.Equal(StatusCode.NotFound, unknownSegment.StatusCode);
        await _h.CreateStreamAsync("sc", "s", 1);
        await _h.CreateStreamAsync("sc", "t", 1);
        var otherStreamsCut = new StreamCut { StreamInfo = Info("sc", "s") };
        otherStreamsCut.Cut.Add(5, 0);
        Assert.False((await C.isStreamCutValidAsync(otherStreamsCut, cancellationToken: Token)).Response);
        var truncate = await Assert.ThrowsAsync<RpcException>(async () => await C.truncateStreamAsync(otherStreamsCut, cancellationToken: Token));
        Assert.Equal(StatusCode.InvalidArgument, truncate.StatusCode);
        Assert.Contains("streamCut", truncate.Status.Detail, StringComparison.Ordinal);
        var badToken = await Assert.ThrowsAsync<RpcException>(async () =>
            await C.listScopesAsync(new ScopesRequest { ContinuationToken = new ContinuationToken { Token = "!!not base64!!" } }, cancellationToken: Token));
        Assert.Equal(StatusCode.InvalidArgument, badToken.StatusCode);
        Assert.True((await C.checkStreamExistsAsync(Info("sc", "s"), cancellationToken: Token)).Exists, "the server still answers");
    }

    [Fact]
    public async Task Truncation_moves_the_head_and_deletes_segments_before_the_cut()
    {
        await _h.CreateScopeAsync("sc");
        await _h.CreateStreamAsync("sc", "s", 1);
        var scale = new ScaleRequest { StreamInfo = Info("sc", "s") };
        scale.SealedSegments.Add(0);
        scale.NewKeyRanges.Add(new ScaleRequest.Types.KeyRangeEntry { Start = 0, End = 1 });
        await C.scaleAsync(scale, cancellationToken: Token);
        var cut = new StreamCut { StreamInfo = Info("sc", "s") };
        cut.Cut.Add(1L | 1L << 32, 0);
        Assert.Equal(UpdateStreamStatus.Types.Status.Success, (await C.truncateStreamAsync(cut, cancellationToken: Token)).Status);
        Assert.False(await _h.SegmentExistsAsync("sc/s/0.#epoch.0"));
        var head = await C.getSegmentsAsync(new GetSegmentsRequest { StreamInfo = Info("sc", "s") }, cancellationToken: Token);
        Assert.Equal([1L | 1L << 32], head.Segments.Select(s => s.SegmentId.SegmentId_));
    }

    [Fact]
    public async Task Reader_groups_are_created_once_updated_by_generation_listed_as_subscribers_and_deleted()
    {
        await _h.CreateScopeAsync("sc");
        await _h.CreateStreamAsync("sc", "s", 1);
        var config = new ReaderGroupConfiguration
        {
            Scope = "sc", ReaderGroupName = "rg", GroupRefreshTimeMillis = 3000, AutomaticCheckpointIntervalMillis = 30000,
            MaxOutstandingCheckpointRequest = 3, RetentionType = 1, ReaderGroupId = Guid.NewGuid().ToString(),
        };
        config.StartingStreamCuts.Add(new StreamCut { StreamInfo = Info("sc", "s") });
        config.EndingStreamCuts.Add(new StreamCut { StreamInfo = Info("sc", "s") });
        var created = await C.createReaderGroupAsync(config, cancellationToken: Token);
        Assert.Equal(CreateReaderGroupResponse.Types.Status.Success, created.Status);
        Assert.Equal(config, created.Config);
        Assert.True((await C.checkStreamExistsAsync(Info("sc", "_RGrg"), cancellationToken: Token)).Exists);
        var again = config.Clone();
        again.ReaderGroupId = Guid.NewGuid().ToString();
        Assert.Equal(config, (await C.createReaderGroupAsync(again, cancellationToken: Token)).Config);
        Assert.Equal(CreateReaderGroupResponse.Types.Status.ScopeNotFound,
            (await C.createReaderGroupAsync(new ReaderGroupConfiguration(config) { Scope = "none" }, cancellationToken: Token)).Status);
        Assert.Equal(CreateReaderGroupResponse.Types.Status.InvalidRgName,
            (await C.createReaderGroupAsync(new ReaderGroupConfiguration(config) { ReaderGroupName = "a/b" }, cancellationToken: Token)).Status);
        var info = new ReaderGroupInfo { Scope = "sc", ReaderGroup = "rg", ReaderGroupId = config.ReaderGroupId };
        Assert.Equal(config, (await C.getReaderGroupConfigAsync(info, cancellationToken: Token)).Config);
        Assert.Equal(["sc/rg"], (await C.listSubscribersAsync(Info("sc", "s"), cancellationToken: Token)).Subscribers);
        var subscriberCut = new SubscriberStreamCut { Subscriber = "sc/rg", ReaderGroupId = config.ReaderGroupId, Generation = 0, StreamCut = new StreamCut { StreamInfo = Info("sc", "s") } };
        subscriberCut.StreamCut.Cut.Add(0, 0);
        Assert.Equal(UpdateSubscriberStatus.Types.Status.Success, (await C.updateSubscriberStreamCutAsync(subscriberCut, cancellationToken: Token)).Status);
        var updated = await C.updateReaderGroupAsync(new ReaderGroupConfiguration(config) { GroupRefreshTimeMillis = 10 }, cancellationToken: Token);
        Assert.Equal((UpdateReaderGroupResponse.Types.Status.Success, 1L), (updated.Status, updated.Generation));
        Assert.Equal(UpdateReaderGroupResponse.Types.Status.InvalidConfig, (await C.updateReaderGroupAsync(config, cancellationToken: Token)).Status);
        Assert.Equal(UpdateSubscriberStatus.Types.Status.GenerationMismatch, (await C.updateSubscriberStreamCutAsync(subscriberCut, cancellationToken: Token)).Status);
        Assert.Equal(DeleteReaderGroupStatus.Types.Status.Success, (await C.deleteReaderGroupAsync(info, cancellationToken: Token)).Status);
        Assert.Equal(DeleteReaderGroupStatus.Types.Status.RgNotFound, (await C.deleteReaderGroupAsync(info, cancellationToken: Token)).Status);
        Assert.Equal(ReaderGroupConfigResponse.Types.Status.RgNotFound, (await C.getReaderGroupConfigAsync(info, cancellationToken: Token)).Status);
        Assert.False((await C.checkStreamExistsAsync(Info("sc", "_RGrg"), cancellationToken: Token)).Exists);
    }

    [Fact]
    public async Task Discovery_tokens_health_and_the_next_issues_rpcs_answer_as_documented()
    {
        var servers = await C.getControllerServerListAsync(new ServerRequest(), cancellationToken: Token);
        Assert.Equal(_h.Controller.Address!.Port, Assert.Single(servers.NodeURI).Port);
        Assert.Equal(string.Empty, (await C.getDelegationTokenAsync(Info("a", "b"), cancellationToken: Token)).DelegationToken_);
        var health = new Health.HealthClient(_h.Channel);
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, (await health.CheckAsync(new HealthCheckRequest(), cancellationToken: Token)).Status);
        // Watermark RPCs are served (WatermarkTests); an empty request is malformed.
        var mark = await Assert.ThrowsAsync<RpcException>(async () => await C.noteTimestampFromWriterAsync(new TimestampFromWriter(), cancellationToken: Token));
        Assert.Equal(StatusCode.InvalidArgument, mark.StatusCode);
        Assert.Contains("writer", mark.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_segment_store_restarted_under_a_running_controller_is_reconnected_to()
    {
        await _h.CreateScopeAsync("sc");
        await _h.CreateStreamAsync("sc", "before", 1);
        await _h.RestartStoreAsync();
        await _h.CreateStreamAsync("sc", "after", 2);
        Assert.True((await C.checkStreamExistsAsync(Info("sc", "before"), cancellationToken: Token)).Exists);
        Assert.Equal(UpdateStreamStatus.Types.Status.Success, (await C.sealStreamAsync(Info("sc", "before"), cancellationToken: Token)).Status);
        Assert.True(await _h.SegmentExistsAsync("sc/after/1.#epoch.0"));
    }
}
