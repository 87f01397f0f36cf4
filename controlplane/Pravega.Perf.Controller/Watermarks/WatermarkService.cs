using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Pravega.Perf.Common.Naming;
using Pravega.Perf.Controller.Metadata;
using Pravega.Perf.Controller.Streams;

namespace Pravega.Perf.Controller.Watermarks;

/// <summary>
/// Watermarks (reference §1.14): writers' time marks (<c>noteTimestampFromWriter</c>, <c>removeWriter</c>) kept in each
/// stream's <c>writersPositions</c> table, and the periodic job (<see cref="RunOnceAsync"/>) that turns them into
/// watermarks on the stream's mark stream. The table is the truth and the mark stream holds the last watermark, so a
/// restarted controller (or another one) continues where the last watermark left off.
/// </summary>
public sealed partial class WatermarkService
{
    private const int MaxConflictRetries = 5;

    private readonly IMetadataStore _store;
    private readonly StreamService _streams;
    private readonly IMarkStreamLog _marks;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    /// <summary>Streams this process knows to be in the <c>watermarkStreams</c> table: a note then costs no extra write.</summary>
    private readonly ConcurrentDictionary<string, byte> _indexed = new(StringComparer.Ordinal);

    public WatermarkService(IMetadataStore store, StreamService streams, IMarkStreamLog marks, TimeProvider time, ILogger<WatermarkService> logger)
    {
        _store = store;
        _streams = streams;
        _marks = marks;
        _time = time;
        _logger = logger;
    }

    /// <summary>
    /// Records a writer's time and position. Refused, with nothing written: a time before the writer's last one
    /// (<see cref="WriterMarkStatus.InvalidTime"/>); a position that is not a cut of the stream (segments of the stream
    /// covering the key space once, offsets ≥ -1) or that is behind the writer's last one
    /// (<see cref="WriterMarkStatus.InvalidPosition"/>, also for internal streams, which have no mark stream).
    /// </summary>
    public async Task<WriterMarkStatus> NoteTimeAsync(string scope, string stream, string writer, long timestamp, IReadOnlyDictionary<long, long> position,
        CancellationToken cancellationToken)
    {
        var view = await _streams.GetStreamAsync(scope, stream, cancellationToken).ConfigureAwait(false);
        if (view is null)
        {
            return WriterMarkStatus.StreamNotFound;
        }
        if (stream.StartsWith(NameUtils.InternalNamePrefix, StringComparison.Ordinal) || !view.IsValidCut(position))
        {
            return WriterMarkStatus.InvalidPosition;
        }
        var table = MetadataTables.WritersPositions(scope, stream);
        for (var attempt = 1; ; attempt++)
        {
            var stored = await _store.GetAsync<WriterMark>(table, writer, cancellationToken).ConfigureAwait(false);
            if (stored is not null && stored.Value.Timestamp > timestamp)
            {
                return WriterMarkStatus.InvalidTime;
            }
            if (stored is not null && IsBehind(view, stored.Value.Position, position))
            {
                return WriterMarkStatus.InvalidPosition;
            }
            var mark = new WriterMark(timestamp, new Dictionary<long, long>(position), Now());
            try
            {
                await PutMarkAsync(table, writer, mark, stored?.Version ?? MetadataVersions.NotExists, cancellationToken).ConfigureAwait(false);
                break;
            }
            catch (MetadataConflictException) when (attempt < MaxConflictRetries)
            {
                // The same writer noted through another controller (a retry after a lost reply): judge against that.
            }
        }
        await EnsureIndexedAsync(new WatermarkStream(scope, stream), cancellationToken).ConfigureAwait(false);
        return WriterMarkStatus.Success;
    }

    /// <summary>
    /// Marks a writer closed (Pravega's <c>shutdownWriter</c>): from the next round on, its mark holds the watermark
    /// back only until a watermark passes its last time, and then it is forgotten.
    /// </summary>
    public async Task<WriterMarkStatus> RemoveWriterAsync(string scope, string stream, string writer, CancellationToken cancellationToken)
    {
        if (await _streams.GetStreamAsync(scope, stream, cancellationToken).ConfigureAwait(false) is null)
        {
            return WriterMarkStatus.StreamNotFound;
        }
        var table = MetadataTables.WritersPositions(scope, stream);
        for (var attempt = 1; ; attempt++)
        {
            var stored = await _store.GetAsync<WriterMark>(table, writer, cancellationToken).ConfigureAwait(false);
            if (stored is null)
            {
                return WriterMarkStatus.UnknownWriter;
            }
            if (!stored.Value.IsAlive)
            {
                return WriterMarkStatus.Success;
            }
            try
            {
                await _store.PutAsync(table, writer, stored.Value with { IsAlive = false }, stored.Version, cancellationToken).ConfigureAwait(false);
                return WriterMarkStatus.Success;
            }
            catch (MetadataConflictException) when (attempt < MaxConflictRetries)
            {
            }
        }
    }

    /// <summary>
    /// Whether <paramref name="position"/> is behind <paramref name="previous"/>: a smaller offset in a segment both
    /// name, or a segment that a successor in the previous position already replaced.
    /// </summary>
    private static bool IsBehind(StreamView view, IReadOnlyDictionary<long, long> previous, IReadOnlyDictionary<long, long> position)
    {
        foreach (var (segmentId, offset) in position)
        {
            if (previous.TryGetValue(segmentId, out var previousOffset))
            {
                if (offset < previousOffset)
                {
                    return true;
                }
                continue;
            }
            var segment = view.FindSegment(segmentId)!;
            if (previous.Keys.Any(id => id > segmentId && view.FindSegment(id) is { } later && later.Range.Overlaps(segment.Range)))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Writes a mark, creating the stream's table on its first writer.</summary>
    private async Task PutMarkAsync(string table, string writer, WriterMark mark, long expectedVersion, CancellationToken cancellationToken)
    {
        try
        {
            await _store.PutAsync(table, writer, mark, expectedVersion, cancellationToken).ConfigureAwait(false);
        }
        catch (MetadataTableNotFoundException)
        {
            await _store.CreateTableAsync(table, cancellationToken).ConfigureAwait(false);
            await _store.PutAsync(table, writer, mark, expectedVersion, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task EnsureIndexedAsync(WatermarkStream stream, CancellationToken cancellationToken)
    {
        if (_indexed.ContainsKey(stream.Key))
        {
            return;
        }
        await _store.TryInsertAsync(MetadataTables.WatermarkStreams, stream.Key, stream, cancellationToken).ConfigureAwait(false);
        _indexed.TryAdd(stream.Key, 0);
    }

    private long Now() => _time.GetUtcNow().ToUnixTimeMilliseconds();
}
