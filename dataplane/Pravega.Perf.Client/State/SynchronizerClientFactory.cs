using Pravega.Perf.Client.Control;
using Pravega.Perf.Client.Streams;
using Pravega.Perf.Client.Writers;

namespace Pravega.Perf.Client.State;

/// <summary>
/// Makes revisioned stream clients and state synchronizers on the streams of one scope (Pravega's
/// <c>SynchronizerClientFactory</c>). The stream must exist; its records go to the segment that owns routing key
/// 0.0 (create it with a fixed single-segment policy). Closing the factory closes its connections.
/// </summary>
public sealed class SynchronizerClientFactory : IAsyncDisposable
{
    private readonly ClientContext _context;
    private readonly string _scope;

    private SynchronizerClientFactory(string scope, ClientContext context)
    {
        _scope = scope;
        _context = context;
    }

    /// <summary>A factory for the streams of <paramref name="scope"/>.</summary>
    public static SynchronizerClientFactory WithScope(string scope, ClientConfig config) => new(scope, new ClientContext(config));

    /// <summary>A revisioned stream client on <paramref name="stream"/>.</summary>
    public async Task<RevisionedStreamClient<T>> CreateRevisionedStreamClientAsync<T>(string stream, ISerializer<T> serializer,
        CancellationToken cancellationToken = default)
    {
        var segment = await FirstSegmentAsync(_context, new ScopedStream(_scope, stream), cancellationToken).ConfigureAwait(false);
        return new RevisionedStreamClient<T>(_context.Segments, segment.QualifiedName, serializer);
    }

    /// <summary>A state synchronizer on <paramref name="stream"/>, whose records are whole states.</summary>
    public async Task<StateSynchronizer<T>> CreateStateSynchronizerAsync<T>(string stream, ISerializer<T> serializer,
        CancellationToken cancellationToken = default)
        where T : class =>
        new(await CreateRevisionedStreamClientAsync(stream, serializer, cancellationToken).ConfigureAwait(false));

    /// <summary>The active segment of <paramref name="stream"/> that owns key 0.0.</summary>
    internal static async Task<Segment> FirstSegmentAsync(ClientContext context, ScopedStream stream, CancellationToken cancellationToken)
    {
        var current = await context.Controller.CallAsync((c, o) => c.getCurrentSegmentsAsync(ProtoConvert.Info(stream), o), cancellationToken).ConfigureAwait(false);
        var first = current.SegmentRanges_.Where(r => r.MinKey == 0).Select(r => r.SegmentId.SegmentId_).DefaultIfEmpty(-1).First();
        return first >= 0
            ? new Segment(stream, first)
            : throw new InvalidOperationException($"stream '{stream}' has no active segment (missing or sealed)");
    }

    public ValueTask DisposeAsync() => _context.DisposeAsync();
}
