using System.Collections.Concurrent;
using Pravega.Perf.Common;
using Pravega.Perf.Controller.Metadata;
using Pravega.Perf.Controller.Model;
using Pravega.Perf.Controller.Streams;

namespace Pravega.Perf.Controller.Transactions;

public sealed partial class TransactionService
{
    /// <summary>Pravega merges at most this many transactions in one batch (<c>MAX_TRANSACTION_COMMIT_BATCH_SIZE</c>).</summary>
    private const int MaxCommitBatch = 100;

    private readonly ConcurrentDictionary<(string Scope, string Stream), CommitQueue> _commits = new();

    /// <summary>
    /// Called with each transaction this controller committed, after it is COMMITTED (the watermark service records
    /// the writer's time and position from it).
    /// </summary>
    public Func<string, string, TransactionRecord, CancellationToken, Task>? Committed { get; set; }

    /// <summary>
    /// Requests the commit: an OPEN transaction becomes COMMITTING (durably) and is merged shortly after, whatever
    /// happens to this controller. Committing an already committing or committed transaction succeeds again;
    /// committing an aborted one is <see cref="OperationStatus.Failure"/>.
    /// </summary>
    public async Task<OperationResult<bool>> CommitAsync(string scope, string stream, Uuid id, string? writerId, long timestamp,
        CancellationToken cancellationToken)
    {
        var order = NextCommitOrder();
        var outcome = await TransitionAsync(scope, stream, id, r => r.Status == TransactionStatus.Open
            ? r with { Status = TransactionStatus.Committing, CommitOrder = order, WriterId = writerId, CommitTimestamp = timestamp }
            : null, cancellationToken).ConfigureAwait(false);
        if (outcome is not { } result)
        {
            return await NotFoundAsync(scope, stream, id, cancellationToken).ConfigureAwait(false);
        }
        if (result.Changed)
        {
            EnqueueCommit(scope, stream, id);
        }
        return result.Record.Status switch
        {
            TransactionStatus.Committing or TransactionStatus.Committed => OperationResult<bool>.Ok(true),
            _ => OperationResult<bool>.Fail(OperationStatus.Failure, $"transaction {id} is {result.Record.Status.ToString().ToUpperInvariant()}: it cannot be committed"),
        };
    }

    private async Task<OperationResult<bool>> NotFoundAsync(string scope, string stream, Uuid id, CancellationToken cancellationToken) =>
        await _streams.GetStreamAsync(scope, stream, cancellationToken).ConfigureAwait(false) is null
            ? OperationResult<bool>.Fail(OperationStatus.StreamNotFound, $"stream '{scope}/{stream}' does not exist")
            : OperationResult<bool>.Fail(OperationStatus.TransactionNotFound, $"stream '{scope}/{stream}' has no transaction {id}");

    private void EnqueueCommit(string scope, string stream, Uuid id)
    {
        Remember(scope, stream, id, TransactionStatus.Committing);
        var queue = _commits.GetOrAdd((scope, stream), static _ => new CommitQueue());
        lock (queue)
        {
            queue.Pending.Add(id);
            if (queue.Running)
            {
                return;
            }
            queue.Running = true;
        }
        _ = Task.Run(() => DrainCommitsAsync(scope, stream, queue));
    }

    /// <summary>The stream's committer: takes everything queued, merges it under the stream's lock, until the queue is empty.</summary>
    private async Task DrainCommitsAsync(string scope, string stream, CommitQueue queue)
    {
        var delay = TimeSpan.FromMilliseconds(100);
        while (!_stopping.IsCancellationRequested)
        {
            List<Uuid> batch;
            lock (queue)
            {
                if (queue.Pending.Count == 0)
                {
                    queue.Running = false;
                    return;
                }
                batch = [.. queue.Pending];
                queue.Pending.Clear();
            }
            try
            {
                await _streams.RunLockedAsync(scope, stream, view => CommitUnderLockAsync(view, batch, StreamState.Active, _stopping.Token), _stopping.Token)
                    .ConfigureAwait(false);
                delay = TimeSpan.FromMilliseconds(100);
            }
            catch (Exception e) when (!_stopping.IsCancellationRequested)
            {
                // The store is away or a step failed: the transactions stay COMMITTING and are tried again.
                ControllerLog.TransactionCommitFailed(_logger, e, batch.Count, scope, stream, (long)delay.TotalMilliseconds);
                lock (queue)
                {
                    queue.Pending.InsertRange(0, batch);
                }
                try
                {
                    await Task.Delay(delay, _time, _stopping.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(5).Ticks));
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>
    /// Merges the transactions that are still COMMITTING (as stored now: a seal or another controller may have finished
    /// some), lowest epoch first and in commit order within it, then marks them COMMITTED. Runs under the stream's lock.
    /// </summary>
    private async Task<StreamView?> CommitUnderLockAsync(StreamView? view, IReadOnlyCollection<Uuid> ids, StreamState resumeState, CancellationToken cancellationToken)
    {
        if (view is null)
        {
            return null;
        }
        var stored = await Task.WhenAll(ids.Distinct().Select(id => GetRecordAsync(view.Scope, view.Stream, id, cancellationToken))).ConfigureAwait(false);
        var committing = stored.Where(r => r is { Value.Status: TransactionStatus.Committing }).Select(r => r!.Value).ToList();
        foreach (var finished in stored.Where(r => r is not null && r.Value.Status != TransactionStatus.Committing))
        {
            // Completed elsewhere (a seal, another controller): what this controller remembers must follow.
            Remember(view.Scope, view.Stream, finished!.Value.Id, finished.Value.Status);
        }
        foreach (var epoch in committing.GroupBy(r => r.Epoch).OrderBy(g => g.Key))
        {
            foreach (var chunk in epoch.OrderBy(r => r.CommitOrder).Chunk(MaxCommitBatch))
            {
                var toMerge = chunk.Select(r => r.Id).ToList();
                if (view.Epochs[epoch.Key].ReferenceEpoch != view.CurrentEpoch.ReferenceEpoch)
                {
                    // A roll that a crash interrupted merged these already (their segments are gone): never roll twice.
                    toMerge = await WithoutMergedAsync(view, epoch.Key, toMerge, cancellationToken).ConfigureAwait(false);
                }
                if (toMerge.Count > 0)
                {
                    view = await _streams.CommitTransactionsAsync(view, epoch.Key, toMerge, resumeState, cancellationToken).ConfigureAwait(false);
                }
                // All merged: their records are independent of each other now, so they complete together.
                var (scope, stream) = (view.Scope, view.Stream);
                await Task.WhenAll(chunk.Select(async record =>
                {
                    await CompleteAsync(scope, stream, record.Id, TransactionStatus.Committing, TransactionStatus.Committed, cancellationToken)
                        .ConfigureAwait(false);
                    if (Committed is { } committed)
                    {
                        try
                        {
                            await committed(scope, stream, record, cancellationToken).ConfigureAwait(false);
                        }
                        catch (Exception e) when (e is not OperationCanceledException)
                        {
                            // The transaction is committed whatever happens here; only its time mark is lost.
                            ControllerLog.TransactionCommittedHookFailed(_logger, e, record.Id.ToString(), scope, stream);
                        }
                    }
                })).ConfigureAwait(false);
            }
        }
        return view;
    }

    /// <summary>The transactions of which at least one segment still exists.</summary>
    private async Task<List<Uuid>> WithoutMergedAsync(StreamView view, int epoch, List<Uuid> ids, CancellationToken cancellationToken)
    {
        var remaining = new List<Uuid>(ids.Count);
        foreach (var id in ids)
        {
            var infos = await Task.WhenAll(view.Epochs[epoch].Segments.Select(s =>
                _segments.GetSegmentInfoAsync(StreamService.TransactionSegmentName(view.Scope, view.Stream, s.Number, id), cancellationToken))).ConfigureAwait(false);
            if (infos.Any(i => i is not null))
            {
                remaining.Add(id);
            }
        }
        return remaining;
    }

    /// <summary>
    /// Before a seal closes the stream's segments (under its lock, head SEALING): OPEN transactions are aborted and
    /// COMMITTING ones committed, so none is left that could neither commit nor abort.
    /// </summary>
    private async Task<StreamView> SettleBeforeSealAsync(StreamView view, CancellationToken cancellationToken)
    {
        var committing = new List<Uuid>();
        await foreach (var entry in _store.ListAllAsync(MetadataTables.Transactions(view.Scope, view.Stream), cancellationToken).ConfigureAwait(false))
        {
            var record = MetadataJson.Deserialize<TransactionRecord>(entry.Value);
            if (record.Status is TransactionStatus.Open or TransactionStatus.Aborting)
            {
                var after = await AbortRecordAsync(view.Scope, view.Stream, record.Id, cancellationToken).ConfigureAwait(false);
                // A commit that won the race against this abort is committed below.
                if (after is { Status: TransactionStatus.Committing })
                {
                    committing.Add(record.Id);
                }
            }
            else if (record.Status == TransactionStatus.Committing)
            {
                committing.Add(record.Id);
            }
        }
        return committing.Count == 0
            ? view
            : (await CommitUnderLockAsync(view, committing, StreamState.Sealing, cancellationToken).ConfigureAwait(false))!;
    }

    private sealed class CommitQueue
    {
        public List<Uuid> Pending { get; } = [];

        public bool Running { get; set; }
    }
}
