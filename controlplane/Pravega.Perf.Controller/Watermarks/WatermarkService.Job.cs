using Pravega.Perf.Client.Watermarks;
using System.Collections.Concurrent;
using Pravega.Perf.Controller.Metadata;

namespace Pravega.Perf.Controller.Watermarks;

public sealed partial class WatermarkService
{
    /// <summary>The last watermark of each stream this process wrote or read back, and where its mark stream ends.</summary>
    private readonly ConcurrentDictionary<string, (Watermark? Last, long End)> _last = new(StringComparer.Ordinal);

    /// <summary>
    /// One round of the periodic job over every stream with writer marks: forgets inactive writers, appends a
    /// watermark to the mark stream where <see cref="WatermarkCalculator"/> makes one, and drops streams left without
    /// active writers (a writer's next note brings the stream back). A stream that fails is logged and retried next
    /// round; the others go on. Returns how many watermarks were written.
    /// </summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var streams = new List<WatermarkStream>();
        await foreach (var entry in _store.ListAllAsync(MetadataTables.WatermarkStreams, cancellationToken).ConfigureAwait(false))
        {
            streams.Add(MetadataJson.Deserialize<WatermarkStream>(entry.Value));
        }
        var emitted = 0;
        foreach (var stream in streams)
        {
            try
            {
                if (await RunStreamAsync(stream, cancellationToken).ConfigureAwait(false) == WatermarkOutcome.Emitted)
                {
                    emitted++;
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Whatever happened (store unreachable, a concurrent writer of the mark stream), read the mark stream
                // again next round rather than trust what this process remembers.
                _last.TryRemove(stream.Key, out _);
                ControllerLog.WatermarkRoundFailed(_logger, e, stream.Scope, stream.Stream);
            }
        }
        return emitted;
    }

    /// <summary>The stream's last watermark, as the job will compare the next one with (read back from the mark stream after a restart).</summary>
    public async Task<Watermark?> LastWatermarkAsync(string scope, string stream, CancellationToken cancellationToken) =>
        (await LastAsync(new WatermarkStream(scope, stream), cancellationToken).ConfigureAwait(false)).Last;

    private async Task<WatermarkOutcome> RunStreamAsync(WatermarkStream stream, CancellationToken cancellationToken)
    {
        var table = MetadataTables.WritersPositions(stream.Scope, stream.Stream);
        var view = await _streams.GetStreamAsync(stream.Scope, stream.Stream, cancellationToken).ConfigureAwait(false);
        if (view is null)
        {
            // Deleted: its marks go with it.
            await _store.DeleteTableAsync(table, cancellationToken).ConfigureAwait(false);
            await UnindexAsync(stream, table, cancellationToken).ConfigureAwait(false);
            _last.TryRemove(stream.Key, out _);
            return WatermarkOutcome.NoActiveWriters;
        }
        var marks = new Dictionary<string, WriterMark>(StringComparer.Ordinal);
        var versions = new Dictionary<string, long>(StringComparer.Ordinal);
        await foreach (var entry in _store.ListAllAsync(table, cancellationToken).ConfigureAwait(false))
        {
            marks[entry.Key] = MetadataJson.Deserialize<WriterMark>(entry.Value);
            versions[entry.Key] = entry.Version;
        }
        var last = await LastAsync(stream, cancellationToken).ConfigureAwait(false);
        var decision = WatermarkCalculator.Compute(view, marks, last.Last, Now());
        foreach (var writer in decision.InactiveWriters)
        {
            try
            {
                // Conditional: a writer that noted again meanwhile is active after all.
                await _store.RemoveAsync(table, writer, versions[writer], cancellationToken).ConfigureAwait(false);
                ControllerLog.WriterInactive(_logger, stream.Scope, stream.Stream, writer);
            }
            catch (MetadataConflictException)
            {
            }
        }
        if (decision.Watermark is { } watermark)
        {
            var end = await _marks.AppendAsync(stream.Scope, stream.Stream, last.End, watermark, cancellationToken).ConfigureAwait(false);
            if (end is null)
            {
                _last.TryRemove(stream.Key, out _);
                return WatermarkOutcome.WaitingForWriters;
            }
            _last[stream.Key] = (watermark, end.Value);
            ControllerLog.WatermarkEmitted(_logger, stream.Scope, stream.Stream, watermark.LowerTimeBound, watermark.UpperTimeBound, watermark.StreamCut.Count);
        }
        else if (decision.Outcome == WatermarkOutcome.NoActiveWriters)
        {
            await UnindexAsync(stream, table, cancellationToken).ConfigureAwait(false);
        }
        return decision.Outcome;
    }

    private async Task<(Watermark? Last, long End)> LastAsync(WatermarkStream stream, CancellationToken cancellationToken)
    {
        if (_last.TryGetValue(stream.Key, out var last))
        {
            return last;
        }
        last = await _marks.ReadLastAsync(stream.Scope, stream.Stream, cancellationToken).ConfigureAwait(false);
        _last[stream.Key] = last;
        return last;
    }

    /// <summary>
    /// Drops the stream from the job. A writer that notes while this runs either finds it gone from this process's
    /// memory (and adds it back) or wrote its mark before the check below (which adds it back).
    /// </summary>
    private async Task UnindexAsync(WatermarkStream stream, string table, CancellationToken cancellationToken)
    {
        _indexed.TryRemove(stream.Key, out _);
        await _store.RemoveAsync(MetadataTables.WatermarkStreams, stream.Key, MetadataVersions.Any, cancellationToken).ConfigureAwait(false);
        await foreach (var _ in _store.ListAllAsync(table, cancellationToken).ConfigureAwait(false))
        {
            await EnsureIndexedAsync(stream, cancellationToken).ConfigureAwait(false);
            break;
        }
    }
}
