using Pravega.Perf.Client.Streams;

namespace Pravega.Perf.Client.ByteStreams;

/// <summary>
/// Makes byte-stream writers and readers for the streams of one scope (Pravega's <c>ByteStreamClientFactory</c>),
/// sharing the factory's connections: close them before the factory. The stream must exist and have exactly one
/// segment (create it with <see cref="ScalingPolicy.Fixed"/>(1)); anything else is <see cref="InvalidOperationException"/>.
/// </summary>
public sealed class ByteStreamClientFactory : ScopedClientFactory
{
    private ByteStreamClientFactory(string scope, ClientConfig config)
        : base(scope, config)
    {
    }

    public static ByteStreamClientFactory WithScope(string scope, ClientConfig config) => new(scope, config);

    /// <summary>A writer appending raw bytes to <paramref name="stream"/>'s segment.</summary>
    public async Task<ByteStreamWriter> CreateByteStreamWriterAsync(string stream, CancellationToken cancellationToken = default) =>
        new(await SingleSegment.ResolveAsync(Context, new ScopedStream(Scope, stream), cancellationToken).ConfigureAwait(false), Context);

    /// <summary>A reader of <paramref name="stream"/>'s segment, positioned at its head (the first byte not truncated).</summary>
    public async Task<ByteStreamReader> CreateByteStreamReaderAsync(string stream, CancellationToken cancellationToken = default)
    {
        var segment = await SingleSegment.ResolveAsync(Context, new ScopedStream(Scope, stream), cancellationToken).ConfigureAwait(false);
        return new ByteStreamReader(segment, await segment.FetchHeadOffsetAsync(cancellationToken).ConfigureAwait(false));
    }
}
