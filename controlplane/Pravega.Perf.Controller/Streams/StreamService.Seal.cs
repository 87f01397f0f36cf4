using Pravega.Perf.Controller.Metadata;
using Pravega.Perf.Controller.Model;

namespace Pravega.Perf.Controller.Streams;

public sealed partial class StreamService
{
    /// <summary>Seals every active segment and marks the stream SEALED (idempotent).</summary>
    public Task<OperationResult<bool>> SealStreamAsync(string scope, string stream, CancellationToken cancellationToken) =>
        RunAsync(scope, stream, async view =>
        {
            if (view is null)
            {
                return OperationResult<bool>.Fail(OperationStatus.StreamNotFound, $"stream '{scope}/{stream}' does not exist");
            }
            if (view.Head.State == StreamState.Sealed)
            {
                return OperationResult<bool>.Ok(true);
            }
            await _workflows.AddAsync(StreamIntent(view), cancellationToken).ConfigureAwait(false);
            view = await WriteHeadAsync(view, view.Head with { State = StreamState.Sealing }, cancellationToken).ConfigureAwait(false);
            await FinishSealAsync(view, cancellationToken).ConfigureAwait(false);
            await _workflows.RemoveAsync(StreamIntent(view), cancellationToken).ConfigureAwait(false);
            return OperationResult<bool>.Ok(true);
        }, cancellationToken);

    private async Task<StreamView> FinishSealAsync(StreamView view, CancellationToken cancellationToken)
    {
        if (SettleTransactionsBeforeSeal is { } settle)
        {
            view = await settle(view, cancellationToken).ConfigureAwait(false);
        }
        await SealSegmentsAsync(view, view.CurrentEpoch.Segments, view.Head.CurrentEpoch, cancellationToken).ConfigureAwait(false);
        view = await WriteHeadAsync(view, view.Head with { State = StreamState.Sealed }, cancellationToken).ConfigureAwait(false);
        ControllerLog.StreamSealed(_logger, view.Scope, view.Stream);
        return view;
    }

    /// <summary>Seals segments and records their final lengths under <c>sealed-&lt;epoch&gt;</c> (written once; a repeat writes the same sizes).</summary>
    private async Task SealSegmentsAsync(StreamView view, IEnumerable<SegmentRecord> segments, int epoch, CancellationToken cancellationToken)
    {
        var sealing = segments.Select(async segment =>
            (segment.SegmentId, Size: await _segments.SealSegmentAsync(SegmentName(view.Scope, view.Stream, segment.SegmentId), cancellationToken).ConfigureAwait(false)));
        var sizes = (await Task.WhenAll(sealing).ConfigureAwait(false)).ToDictionary(s => s.SegmentId, s => s.Size);
        await _store.PutAsync(MetadataTables.Stream(view.Scope, view.Stream), MetadataTables.SealedKey(epoch), sizes, MetadataVersions.Any, cancellationToken)
            .ConfigureAwait(false);
    }

    /// <summary>The final lengths of the segments sealed when <paramref name="epoch"/> ended (empty if none recorded).</summary>
    public async Task<IReadOnlyDictionary<long, long>> GetSealedSizesAsync(string scope, string stream, int epoch, CancellationToken cancellationToken)
    {
        var sizes = await _store.GetAsync<Dictionary<long, long>>(MetadataTables.Stream(scope, stream), MetadataTables.SealedKey(epoch), cancellationToken)
            .ConfigureAwait(false);
        return sizes?.Value ?? [];
    }
}
