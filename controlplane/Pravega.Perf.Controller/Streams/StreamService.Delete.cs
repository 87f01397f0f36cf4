using Pravega.Perf.Common.Naming;
using Pravega.Perf.Controller.Metadata;
using Pravega.Perf.Controller.Model;

namespace Pravega.Perf.Controller.Streams;

public sealed partial class StreamService
{
    /// <summary>
    /// Deletes a sealed stream: every segment it ever had, its mark stream, then its metadata.
    /// <see cref="OperationStatus.StreamNotSealed"/> for an unsealed stream (Pravega's rule).
    /// </summary>
    public Task<OperationResult<bool>> DeleteStreamAsync(string scope, string stream, CancellationToken cancellationToken) =>
        DeleteAsync(scope, stream, requireSealed: true, cancellationToken);

    /// <summary>Deletes an internal stream whether sealed or not (mark streams with their stream, reader-group streams).</summary>
    public Task<OperationResult<bool>> DeleteInternalStreamAsync(string scope, string stream, CancellationToken cancellationToken) =>
        DeleteAsync(scope, stream, requireSealed: false, cancellationToken);

    private Task<OperationResult<bool>> DeleteAsync(string scope, string stream, bool requireSealed, CancellationToken cancellationToken) =>
        RunAsync(scope, stream, async view =>
        {
            if (view is null)
            {
                // A listing entry without metadata is the trace of a creation that never wrote its table: remove it.
                await _store.RemoveAsync(MetadataTables.Streams(scope), stream, MetadataVersions.Any, cancellationToken).ConfigureAwait(false);
                return OperationResult<bool>.Fail(OperationStatus.StreamNotFound, $"stream '{scope}/{stream}' does not exist");
            }
            if (requireSealed && view.Head.State != StreamState.Sealed)
            {
                return OperationResult<bool>.Fail(OperationStatus.StreamNotSealed, $"stream '{scope}/{stream}' must be sealed before it is deleted");
            }
            await _workflows.AddAsync(StreamIntent(view), cancellationToken).ConfigureAwait(false);
            view = await WriteHeadAsync(view, view.Head with { State = StreamState.Deleting }, cancellationToken).ConfigureAwait(false);
            await FinishDeleteAsync(view, cancellationToken).ConfigureAwait(false);
            await _workflows.RemoveAsync(StreamIntent(view), cancellationToken).ConfigureAwait(false);
            return OperationResult<bool>.Ok(true);
        }, cancellationToken);

    private async Task<StreamView?> FinishDeleteAsync(StreamView view, CancellationToken cancellationToken)
    {
        await Task.WhenAll(view.Epochs.SelectMany(e => e.Segments).Select(s => s.SegmentId).Distinct()
            .Select(id => _segments.DeleteSegmentAsync(SegmentName(view.Scope, view.Stream, id), cancellationToken))).ConfigureAwait(false);
        if (!view.Stream.StartsWith(NameUtils.InternalNamePrefix, StringComparison.Ordinal))
        {
            await DeleteInternalStreamAsync(view.Scope, NameUtils.GetMarkStreamForStream(view.Stream), cancellationToken).ConfigureAwait(false);
        }
        // The listing goes first: a stream without a listing is invisible even if its table lingers after a crash here,
        // and the head (DELETING) still lets a resume finish the job.
        await _store.RemoveAsync(MetadataTables.Streams(view.Scope), view.Stream, MetadataVersions.Any, cancellationToken).ConfigureAwait(false);
        await _store.DeleteTableAsync(MetadataTables.Transactions(view.Scope, view.Stream), cancellationToken).ConfigureAwait(false);
        await _store.DeleteTableAsync(MetadataTables.Stream(view.Scope, view.Stream), cancellationToken).ConfigureAwait(false);
        _views.Evict(view.Scope, view.Stream);
        ControllerLog.StreamDeleted(_logger, view.Scope, view.Stream);
        return null;
    }
}
