using Pravega.Perf.Controller.Metadata;
using Pravega.Perf.Controller.Model;

namespace Pravega.Perf.Controller.Transactions;

public sealed partial class TransactionService
{
    /// <summary>
    /// At start-up, after the stream workflows were finished: every transaction of the active index is picked up again.
    /// OPEN ones get their lease armed, COMMITTING ones are queued for their committer (merging is idempotent, so a
    /// commit a crash interrupted completes exactly once), ABORTING ones are finished; entries of completed transactions are
    /// dropped, and so are those of creations that died before their record (with any segments they made). Returns how many were active.
    /// </summary>
    public async Task<int> RecoverAsync(CancellationToken cancellationToken)
    {
        await _store.CreateTableAsync(MetadataTables.ActiveTransactions, cancellationToken).ConfigureAwait(false);
        var (count, committing, aborting) = (0, 0, 0);
        await foreach (var entry in _store.ListAllAsync(MetadataTables.ActiveTransactions, cancellationToken).ConfigureAwait(false))
        {
            count++;
            var active = MetadataJson.Deserialize<ActiveTransaction>(entry.Value);
            var record = await GetAsync(active.Scope, active.Stream, active.Id, cancellationToken).ConfigureAwait(false);
            switch (record?.Status)
            {
                case TransactionStatus.Open:
                    Leases.Track(active.Scope, active.Stream, active.Id, record.LeaseExpiresAt);
                    break;
                case TransactionStatus.Committing:
                    committing++;
                    EnqueueCommit(active.Scope, active.Stream, active.Id);
                    break;
                case TransactionStatus.Aborting:
                    aborting++;
                    await AbortRecordAsync(active.Scope, active.Stream, active.Id, cancellationToken).ConfigureAwait(false);
                    break;
                case null:
                    // The creation died between the index entry and the record: its segments may exist.
                    await DeleteSegmentsAsync(active.Scope, active.Stream, active.Id, cancellationToken).ConfigureAwait(false);
                    await _store.RemoveAsync(MetadataTables.ActiveTransactions, entry.Key, MetadataVersions.Any, cancellationToken).ConfigureAwait(false);
                    break;
                default:
                    await _store.RemoveAsync(MetadataTables.ActiveTransactions, entry.Key, MetadataVersions.Any, cancellationToken).ConfigureAwait(false);
                    break;
            }
        }
        if (count > 0)
        {
            ControllerLog.TransactionsRecovered(_logger, count, committing, aborting);
        }
        return count;
    }

    /// <summary>Waits until no commit is queued or running for the stream (tests and orderly shutdown).</summary>
    public async Task WaitForCommitsAsync(string scope, string stream, CancellationToken cancellationToken)
    {
        while (_commits.TryGetValue((scope, stream), out var queue) && IsBusy(queue))
        {
            await Task.Delay(10, cancellationToken).ConfigureAwait(false);
        }
    }

    private static bool IsBusy(CommitQueue queue)
    {
        lock (queue)
        {
            return queue.Running;
        }
    }
}
