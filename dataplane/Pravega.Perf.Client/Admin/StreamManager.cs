using System.Runtime.CompilerServices;
using Pravega.Perf.Client.Control;
using Pravega.Perf.Client.Segments;
using Pravega.Perf.Client.Streams;
using Pravega.Perf.Controller.Contracts.V1;
using StreamCut = Pravega.Perf.Client.Streams.StreamCut;
using StreamConfiguration = Pravega.Perf.Client.Streams.StreamConfiguration;
using StreamInfo = Pravega.Perf.Client.Streams.StreamInfo;

namespace Pravega.Perf.Client.Admin;

/// <summary>
/// Scopes and streams (Pravega's <c>StreamManager</c>): create, update, list, seal, truncate and delete them, and read
/// where a stream begins and ends. Error contract: a name the controller refuses is <see cref="ArgumentException"/>; a
/// missing scope where one is required is <see cref="InvalidOperationException"/>; an unreachable controller, after
/// Pravega's retry schedule, is <see cref="ControllerUnavailableException"/>; a failure the controller reports is
/// <see cref="ControllerFailureException"/>. Answers that Pravega gives as booleans (already exists, not found) are
/// booleans here too.
/// </summary>
public sealed partial class StreamManager : IAsyncDisposable
{
    private readonly ControllerClient _controller;
    private readonly SegmentStoreClient _segments;

    public StreamManager(ClientConfig config)
    {
        _controller = new ControllerClient(config);
        _segments = new SegmentStoreClient(_controller, config.SegmentStore);
    }

    /// <summary>A stream manager for the controller at <paramref name="controllerUri"/> with default settings.</summary>
    public static StreamManager Create(Uri controllerUri) => new(new ClientConfig { ControllerUri = controllerUri });

    /// <summary>Creates a scope: true when created, false when it existed.</summary>
    public async Task<bool> CreateScopeAsync(string scope, CancellationToken cancellationToken = default)
    {
        var status = await _controller.CallAsync((c, o) => c.createScopeAsync(new ScopeInfo { Scope = scope }, o), cancellationToken).ConfigureAwait(false);
        return status.Status switch
        {
            CreateScopeStatus.Types.Status.Success => true,
            CreateScopeStatus.Types.Status.ScopeExists => false,
            CreateScopeStatus.Types.Status.InvalidScopeName => throw new ArgumentException($"scope name '{scope}' is not valid", nameof(scope)),
            _ => throw new ControllerFailureException($"createScope {scope}: {status.Status}"),
        };
    }

    public async Task<bool> CheckScopeExistsAsync(string scope, CancellationToken cancellationToken = default) =>
        (await _controller.CallAsync((c, o) => c.checkScopeExistsAsync(new ScopeInfo { Scope = scope }, o), cancellationToken).ConfigureAwait(false)).Exists;

    /// <summary>Every scope, page by page.</summary>
    public async IAsyncEnumerable<string> ListScopesAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var token = new ContinuationToken();
        while (true)
        {
            var request = new ScopesRequest { ContinuationToken = token };
            var page = await _controller.CallAsync((c, o) => c.listScopesAsync(request, o), cancellationToken).ConfigureAwait(false);
            if (page.Scopes.Count == 0)
            {
                yield break;
            }
            foreach (var scope in page.Scopes)
            {
                yield return scope;
            }
            token = page.ContinuationToken;
        }
    }

    /// <summary>
    /// Deletes a scope: true when deleted, false when it did not exist; <see cref="InvalidOperationException"/> while it
    /// holds streams or reader groups, unless <paramref name="recursive"/> (which seals and deletes them first).
    /// </summary>
    public async Task<bool> DeleteScopeAsync(string scope, bool recursive = false, CancellationToken cancellationToken = default)
    {
        var info = new ScopeInfo { Scope = scope };
        var status = recursive
            ? await _controller.CallAsync((c, o) => c.deleteScopeRecursiveAsync(info, o), cancellationToken).ConfigureAwait(false)
            : await _controller.CallAsync((c, o) => c.deleteScopeAsync(info, o), cancellationToken).ConfigureAwait(false);
        return status.Status switch
        {
            DeleteScopeStatus.Types.Status.Success => true,
            DeleteScopeStatus.Types.Status.ScopeNotFound => false,
            DeleteScopeStatus.Types.Status.ScopeNotEmpty => throw new InvalidOperationException($"scope '{scope}' still has streams, reader groups or tables"),
            _ => throw new ControllerFailureException($"deleteScope {scope}: {status.Status}"),
        };
    }

    /// <summary>Creates a stream: true when created, false when a stream of that name exists.</summary>
    public async Task<bool> CreateStreamAsync(string scope, string stream, StreamConfiguration configuration, CancellationToken cancellationToken = default)
    {
        var config = ProtoConvert.Config(new ScopedStream(scope, stream), configuration);
        var status = await _controller.CallAsync((c, o) => c.createStreamAsync(config, o), cancellationToken).ConfigureAwait(false);
        return status.Status switch
        {
            CreateStreamStatus.Types.Status.Success => true,
            CreateStreamStatus.Types.Status.StreamExists => false,
            CreateStreamStatus.Types.Status.InvalidStreamName => throw new ArgumentException($"stream name '{stream}' is not valid", nameof(stream)),
            CreateStreamStatus.Types.Status.ScopeNotFound => throw new InvalidOperationException($"scope '{scope}' does not exist"),
            _ => throw new ControllerFailureException($"createStream {scope}/{stream}: {status.Status}"),
        };
    }

    /// <summary>Changes a stream's configuration (a new fixed count, or a higher minimum, rescales it): false when the stream does not exist.</summary>
    public async Task<bool> UpdateStreamAsync(string scope, string stream, StreamConfiguration configuration, CancellationToken cancellationToken = default)
    {
        var config = ProtoConvert.Config(new ScopedStream(scope, stream), configuration);
        return Updated(await _controller.CallAsync((c, o) => c.updateStreamAsync(config, o), cancellationToken).ConfigureAwait(false), "updateStream", scope, stream);
    }

    /// <summary>Seals a stream (no more writes): false when it does not exist.</summary>
    public async Task<bool> SealStreamAsync(string scope, string stream, CancellationToken cancellationToken = default)
    {
        var info = ProtoConvert.Info(new ScopedStream(scope, stream));
        return Updated(await _controller.CallAsync((c, o) => c.sealStreamAsync(info, o), cancellationToken).ConfigureAwait(false), "sealStream", scope, stream);
    }

    /// <summary>Drops everything before <paramref name="cut"/>: false when the stream does not exist.</summary>
    public async Task<bool> TruncateStreamAsync(StreamCut cut, CancellationToken cancellationToken = default)
    {
        var proto = ProtoConvert.Cut(cut);
        return Updated(await _controller.CallAsync((c, o) => c.truncateStreamAsync(proto, o), cancellationToken).ConfigureAwait(false),
            "truncateStream", cut.Stream.Scope, cut.Stream.Name);
    }

    /// <summary>Deletes a sealed stream: false when it does not exist; <see cref="InvalidOperationException"/> when it is not sealed.</summary>
    public async Task<bool> DeleteStreamAsync(string scope, string stream, CancellationToken cancellationToken = default)
    {
        var info = ProtoConvert.Info(new ScopedStream(scope, stream));
        var status = await _controller.CallAsync((c, o) => c.deleteStreamAsync(info, o), cancellationToken).ConfigureAwait(false);
        return status.Status switch
        {
            DeleteStreamStatus.Types.Status.Success => true,
            DeleteStreamStatus.Types.Status.StreamNotFound => false,
            DeleteStreamStatus.Types.Status.StreamNotSealed => throw new InvalidOperationException($"stream '{scope}/{stream}' must be sealed before it is deleted"),
            _ => throw new ControllerFailureException($"deleteStream {scope}/{stream}: {status.Status}"),
        };
    }

    public async Task<bool> CheckStreamExistsAsync(string scope, string stream, CancellationToken cancellationToken = default)
    {
        var info = ProtoConvert.Info(new ScopedStream(scope, stream));
        return (await _controller.CallAsync((c, o) => c.checkStreamExistsAsync(info, o), cancellationToken).ConfigureAwait(false)).Exists;
    }

    /// <summary>The streams of a scope (internal ones too: <c>_RG…</c>, <c>_MARK…</c>), optionally only those with <paramref name="tag"/>.</summary>
    public async IAsyncEnumerable<ScopedStream> ListStreamsAsync(string scope, string? tag = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var token = new ContinuationToken();
        while (true)
        {
            var page = tag is null
                ? await _controller.CallAsync((c, o) => c.listStreamsInScopeAsync(new StreamsInScopeRequest { Scope = new ScopeInfo { Scope = scope }, ContinuationToken = token }, o),
                    cancellationToken).ConfigureAwait(false)
                : await _controller.CallAsync((c, o) => c.listStreamsInScopeForTagAsync(new StreamsInScopeWithTagRequest { Scope = new ScopeInfo { Scope = scope }, Tag = tag, ContinuationToken = token }, o),
                    cancellationToken).ConfigureAwait(false);
            if (page.Status == StreamsInScopeResponse.Types.Status.ScopeNotFound)
            {
                throw new InvalidOperationException($"scope '{scope}' does not exist");
            }
            if (page.Streams.Count == 0)
            {
                yield break;
            }
            foreach (var stream in page.Streams)
            {
                yield return new ScopedStream(stream.Scope, stream.Stream);
            }
            token = page.ContinuationToken;
        }
    }

    /// <summary>
    /// The StreamCut of the stream at a wall-clock time (our controller's <c>getStreamCutAt</c>; Pravega has none): each
    /// segment alive then at its first event appended at or after <paramref name="time"/>, so a reader group starting
    /// there reads every event written from that time on. A time before the head answers the head.
    /// </summary>
    public async Task<StreamCut> GetStreamCutAtAsync(string scope, string stream, DateTimeOffset time, CancellationToken cancellationToken = default)
    {
        var scoped = new ScopedStream(scope, stream);
        var proto = await _controller.GetStreamCutAtAsync(scope, stream, time.ToUnixTimeMilliseconds(), cancellationToken).ConfigureAwait(false);
        return ProtoConvert.Cut(scoped, proto);
    }

    /// <summary>
    /// The stream's configuration and where it begins and ends now (Pravega's <c>fetchStreamInfo</c>): the head cut is
    /// the controller's head (truncation point) with each segment's start, the tail cut each active segment's length;
    /// a sealed stream has an empty tail cut.
    /// </summary>
    public async Task<StreamInfo> GetStreamInfoAsync(string scope, string stream, CancellationToken cancellationToken = default)
    {
        var scoped = new ScopedStream(scope, stream);
        var info = ProtoConvert.Info(scoped);
        var config = await _controller.CallAsync((c, o) => c.getStreamConfigurationAsync(info, o), cancellationToken).ConfigureAwait(false);
        var head = await _controller.CallAsync((c, o) => c.getSegmentsAsync(new GetSegmentsRequest { StreamInfo = info }, o), cancellationToken).ConfigureAwait(false);
        var current = await _controller.CallAsync((c, o) => c.getCurrentSegmentsAsync(info, o), cancellationToken).ConfigureAwait(false);
        var headCut = new Dictionary<Segment, long>();
        foreach (var location in head.Segments)
        {
            var segment = new Segment(scoped, location.SegmentId.SegmentId_);
            var segmentInfo = await _segments.GetSegmentInfoAsync(segment.QualifiedName, cancellationToken).ConfigureAwait(false);
            headCut[segment] = Math.Max(location.Offset, segmentInfo.StartOffset);
        }
        var tailCut = new Dictionary<Segment, long>();
        foreach (var range in current.SegmentRanges_)
        {
            var segment = new Segment(scoped, range.SegmentId.SegmentId_);
            tailCut[segment] = (await _segments.GetSegmentInfoAsync(segment.QualifiedName, cancellationToken).ConfigureAwait(false)).WriteOffset;
        }
        return new StreamInfo(scoped, ProtoConvert.Config(config), new StreamCut(scoped, headCut), new StreamCut(scoped, tailCut), tailCut.Count == 0);
    }

    private static bool Updated(UpdateStreamStatus status, string operation, string scope, string stream) => status.Status switch
    {
        UpdateStreamStatus.Types.Status.Success => true,
        UpdateStreamStatus.Types.Status.StreamNotFound => false,
        UpdateStreamStatus.Types.Status.ScopeNotFound => throw new InvalidOperationException($"scope '{scope}' does not exist"),
        UpdateStreamStatus.Types.Status.StreamSealed => throw new InvalidOperationException($"stream '{scope}/{stream}' is sealed"),
        _ => throw new ControllerFailureException($"{operation} {scope}/{stream}: {status.Status}"),
    };

    public async ValueTask DisposeAsync()
    {
        await _segments.DisposeAsync().ConfigureAwait(false);
        _controller.Dispose();
    }
}
