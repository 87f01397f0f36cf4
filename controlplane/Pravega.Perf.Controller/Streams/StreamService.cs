using Microsoft.Extensions.Logging;
using Pravega.Perf.Common.Naming;
using Pravega.Perf.Controller.Metadata;
using Pravega.Perf.Controller.Model;
using Pravega.Perf.Controller.Segments;
using Pravega.Perf.Controller.Workflows;

namespace Pravega.Perf.Controller.Streams;

/// <summary>
/// Streams: their workflows (create, update, scale, seal, truncate, delete: one file each) and the queries on their
/// segments. Every workflow follows the same pattern, which is what makes it survive a crash of the controller:
/// <list type="number">
/// <item>an entry in the <see cref="WorkflowIndex"/>;</item>
/// <item>one conditional write of the stream's head record that records the whole intent (new state, pending scale,
/// pending configuration or cut): from here on the workflow will finish, whoever finishes it;</item>
/// <item>idempotent calls to the segment stores and write-once records (epochs, sealed sizes);</item>
/// <item>one conditional write of the head that makes the result visible at once, and the index entry removed.</item>
/// </list>
/// Clients never see half a workflow: queries read the head, which changes only at steps 2 and 4. Workflows on one
/// stream take its lock in this process, and the first thing each does is finish whatever an earlier run left pending.
/// </summary>
public sealed partial class StreamService
{
    private const int MaxConflictRetries = 5;

    private readonly IMetadataStore _store;
    private readonly IStreamSegmentStore _segments;
    private readonly StreamViews _views;
    private readonly KeyedLock _locks;
    private readonly WorkflowIndex _workflows;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public StreamService(IMetadataStore store, IStreamSegmentStore segments, StreamViews views, KeyedLock locks, WorkflowIndex workflows,
        TimeProvider time, ILogger<StreamService> logger)
    {
        _store = store;
        _segments = segments;
        _views = views;
        _locks = locks;
        _workflows = workflows;
        _time = time;
        _logger = logger;
    }

    /// <summary>The stream as clients may see it, or null (no such stream, or still being created or deleted).</summary>
    public async Task<StreamView?> GetStreamAsync(string scope, string stream, CancellationToken cancellationToken)
    {
        var view = await _views.GetAsync(scope, stream, cancellationToken).ConfigureAwait(false);
        return view is { IsVisible: true } ? view : null;
    }

    /// <summary>The qualified name of a segment of a stream (<c>scope/stream/n.#epoch.e</c>).</summary>
    public static string SegmentName(string scope, string stream, long segmentId) =>
        NameUtils.GetQualifiedStreamSegmentName(scope, stream, segmentId);

    private static string LockKey(string scope, string stream) => $"stream/{scope}/{stream}";

    private long Now() => _time.GetUtcNow().ToUnixTimeMilliseconds();

    private async Task<bool> ScopeExistsAsync(string scope, CancellationToken cancellationToken) =>
        await _store.GetAsync<ScopeRecord>(MetadataTables.Scopes, scope, cancellationToken).ConfigureAwait(false) is { Value.Deleting: false };

    /// <summary>
    /// Runs a workflow under the stream's lock after finishing whatever is pending on the stream; a conflicting write
    /// by another controller makes it start over on fresh metadata.
    /// </summary>
    private async Task<T> RunAsync<T>(string scope, string stream, Func<StreamView?, Task<T>> workflow, CancellationToken cancellationToken)
    {
        using var _ = await _locks.AcquireAsync(LockKey(scope, stream), cancellationToken).ConfigureAwait(false);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var view = await _views.LoadAsync(scope, stream, cancellationToken).ConfigureAwait(false);
                view = await CompletePendingAsync(view, cancellationToken).ConfigureAwait(false);
                return await workflow(view).ConfigureAwait(false);
            }
            catch (MetadataConflictException e) when (attempt < MaxConflictRetries)
            {
                ControllerLog.WorkflowConflict(_logger, scope, stream, e.Message);
            }
        }
    }

    /// <summary>
    /// Writes a new head conditionally on the view's version and returns the new view. When the write meets another
    /// version, the stored head is read back: if it is exactly the head being written (our own write, retried by the
    /// segment client after a lost reply) the workflow goes on; otherwise <see cref="MetadataConflictException"/>.
    /// </summary>
    private async Task<StreamView> WriteHeadAsync(StreamView view, StreamHead head, CancellationToken cancellationToken,
        IReadOnlyList<EpochRecord>? newEpochs = null)
    {
        var table = MetadataTables.Stream(view.Scope, view.Stream);
        try
        {
            var version = await _store.PutAsync(table, MetadataTables.HeadKey, head, view.HeadVersion, cancellationToken).ConfigureAwait(false);
            return _views.Update(view, head, version, newEpochs);
        }
        catch (MetadataConflictException)
        {
            var stored = await _store.GetAsync<StreamHead>(table, MetadataTables.HeadKey, cancellationToken).ConfigureAwait(false);
            if (stored is not null && MetadataJson.Serialize(stored.Value).AsSpan().SequenceEqual(MetadataJson.Serialize(head)))
            {
                return await _views.LoadAsync(view.Scope, view.Stream, cancellationToken).ConfigureAwait(false) ?? throw new MetadataConflictException(table, MetadataTables.HeadKey);
            }
            throw;
        }
    }

    /// <summary>Finishes the workflows the head records as under way, if any; returns the view after them (null if one deleted the stream).</summary>
    private async Task<StreamView?> CompletePendingAsync(StreamView? view, CancellationToken cancellationToken)
    {
        // A roll of transactions returns the stream to the state it interrupted (a seal), which is then finished too.
        while (view is not null && PendingName(view.Head.State) is { } pending)
        {
            ControllerLog.ResumingWorkflow(_logger, pending, view.Scope, view.Stream);
            view = view.Head.State switch
            {
                StreamState.Creating => await FinishCreateAsync(view, cancellationToken).ConfigureAwait(false),
                StreamState.Scaling => await FinishScaleAsync(view, cancellationToken).ConfigureAwait(false),
                StreamState.Updating => await FinishUpdateAsync(view, cancellationToken).ConfigureAwait(false),
                StreamState.Sealing => await FinishSealAsync(view, cancellationToken).ConfigureAwait(false),
                StreamState.Truncating => await FinishTruncateAsync(view, cancellationToken).ConfigureAwait(false),
                StreamState.RollingTransactions => await FinishRollAsync(view, cancellationToken).ConfigureAwait(false),
                _ => await FinishDeleteAsync(view, cancellationToken).ConfigureAwait(false),
            };
        }
        return view;
    }

    private static string? PendingName(StreamState state) => state switch
    {
        StreamState.Creating => "create",
        StreamState.Scaling => "scale",
        StreamState.Updating => "update",
        StreamState.Sealing => "seal",
        StreamState.Truncating => "truncate",
        StreamState.Deleting => "delete",
        StreamState.RollingTransactions => "transaction roll",
        _ => null,
    };

    /// <summary>Finishes whatever is pending on a stream (the recovery of a workflow-index entry).</summary>
    public Task ResumeAsync(string scope, string stream, CancellationToken cancellationToken) =>
        RunAsync(scope, stream, async view =>
        {
            await _workflows.RemoveAsync(new WorkflowIntent(WorkflowKind.Stream, scope, stream), cancellationToken).ConfigureAwait(false);
            return view;
        }, cancellationToken);

    private static WorkflowIntent StreamIntent(StreamView view) => new(WorkflowKind.Stream, view.Scope, view.Stream);
}
