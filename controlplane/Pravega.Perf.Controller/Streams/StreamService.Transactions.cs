using Pravega.Perf.Common;
using Pravega.Perf.Common.Naming;
using Pravega.Perf.Controller.Metadata;
using Pravega.Perf.Controller.Model;

namespace Pravega.Perf.Controller.Streams;

public sealed partial class StreamService
{
    /// <summary>
    /// Settles the stream's transactions before a seal closes its segments (set by the transaction service): open ones
    /// are aborted, committing ones committed. Runs under the stream's lock, with the head already SEALING.
    /// </summary>
    public Func<StreamView, CancellationToken, Task<StreamView>>? SettleTransactionsBeforeSeal { get; set; }

    /// <summary>Runs <paramref name="work"/> under the stream's lock on a fresh view, after whatever workflow is pending.</summary>
    public Task<T> RunLockedAsync<T>(string scope, string stream, Func<StreamView?, Task<T>> work, CancellationToken cancellationToken) =>
        RunAsync(scope, stream, work, cancellationToken);

    /// <summary>A view read from the metadata store now, not from the cache (null when the stream has no head).</summary>
    public Task<StreamView?> LoadFreshAsync(string scope, string stream, CancellationToken cancellationToken) =>
        _views.LoadAsync(scope, stream, cancellationToken);

    /// <summary>The qualified name of a transaction's segment that shadows segment number <paramref name="number"/>:
    /// named with the transaction's epoch whatever epoch created the segment (Pravega's generalized segment id), so all
    /// its segments can be merged into any segment of that number.</summary>
    public static string TransactionSegmentName(string scope, string stream, int number, Uuid transactionId) =>
        NameUtils.GetTransactionSegmentName(SegmentName(scope, stream, NameUtils.ComputeSegmentId(number, NameUtils.GetEpoch(transactionId))), transactionId);

    /// <summary>
    /// Merges transactions opened in <paramref name="transactionEpoch"/> into the stream, in the order given; the caller
    /// holds the stream's lock. When that epoch still has the current epoch's segments, each transaction segment goes
    /// to the tail of its parent; otherwise the transactions are rolled (<see cref="TransactionRoll"/>). Idempotent:
    /// a transaction segment that no longer exists was merged by an earlier run.
    /// </summary>
    public async Task<StreamView> CommitTransactionsAsync(StreamView view, int transactionEpoch, IReadOnlyList<Uuid> transactions,
        StreamState resumeState, CancellationToken cancellationToken)
    {
        if (view.Epochs[transactionEpoch].ReferenceEpoch == view.CurrentEpoch.ReferenceEpoch)
        {
            await MergeTransactionsAsync(view, view.CurrentEpoch.Segments, transactions, cancellationToken).ConfigureAwait(false);
            return view;
        }
        var roll = new TransactionRoll(transactionEpoch, view.Head.CurrentEpoch, transactions.Select(t => new TransactionRef(t.Msb, t.Lsb)).ToList(), resumeState);
        // During a seal the seal's own index entry covers the roll; otherwise the roll is a workflow of its own.
        var ownIntent = resumeState != StreamState.Sealing;
        if (ownIntent)
        {
            await _workflows.AddAsync(StreamIntent(view), cancellationToken).ConfigureAwait(false);
        }
        view = await WriteHeadAsync(view, view.Head with { State = StreamState.RollingTransactions, PendingRoll = roll }, cancellationToken).ConfigureAwait(false);
        view = await FinishRollAsync(view, cancellationToken).ConfigureAwait(false);
        if (ownIntent)
        {
            await _workflows.RemoveAsync(StreamIntent(view), cancellationToken).ConfigureAwait(false);
        }
        return view;
    }

    /// <summary>
    /// The rest of a roll, from wherever an earlier run stopped: both epoch records (written once), the duplicates of
    /// the transactions' epoch created, filled with the transactions and sealed, the duplicates of the active epoch
    /// created and made current, then the old active segments sealed (after the switch, as in a scale, so a writer
    /// refused by a seal finds successors).
    /// </summary>
    private async Task<StreamView> FinishRollAsync(StreamView view, CancellationToken cancellationToken)
    {
        var roll = view.Head.PendingRoll!;
        if (view.Head.CurrentEpoch == roll.ActiveEpoch)
        {
            var now = Now();
            var rolled = await WriteOnceEpochAsync(view, Duplicate(view.Epochs[roll.TransactionEpoch], roll.NewEpoch, now), cancellationToken).ConfigureAwait(false);
            var active = await WriteOnceEpochAsync(view, Duplicate(view.Epochs[roll.ActiveEpoch], roll.DuplicateActiveEpoch, now), cancellationToken)
                .ConfigureAwait(false);
            await Task.WhenAll(rolled.Segments.Select(s => _segments.CreateSegmentAsync(SegmentName(view.Scope, view.Stream, s.SegmentId),
                ScalingPolicy.Fixed(1), view.Head.Configuration.RolloverSizeBytes, cancellationToken))).ConfigureAwait(false);
            await MergeTransactionsAsync(view, rolled.Segments, roll.Transactions.Select(t => t.Id).ToList(), cancellationToken).ConfigureAwait(false);
            await SealSegmentsAsync(view, rolled.Segments, roll.NewEpoch, cancellationToken).ConfigureAwait(false);
            await CreateSegmentsAsync(view, active.Segments, view.Head.Configuration, cancellationToken).ConfigureAwait(false);
            view = await WriteHeadAsync(view, view.Head with { CurrentEpoch = roll.DuplicateActiveEpoch }, cancellationToken, [rolled, active]).ConfigureAwait(false);
        }
        await SealSegmentsAsync(view, view.Epochs[roll.ActiveEpoch].Segments, roll.ActiveEpoch, cancellationToken).ConfigureAwait(false);
        view = await WriteHeadAsync(view, view.Head with { State = roll.ResumeState, PendingRoll = null }, cancellationToken).ConfigureAwait(false);
        ControllerLog.TransactionsRolled(_logger, view.Scope, view.Stream, roll.Transactions.Count, roll.TransactionEpoch, roll.DuplicateActiveEpoch);
        return view;
    }

    /// <summary>Each target receives, in order, every transaction's segment of its number.</summary>
    private Task MergeTransactionsAsync(StreamView view, IEnumerable<SegmentRecord> targets, IReadOnlyList<Uuid> transactions,
        CancellationToken cancellationToken) =>
        Task.WhenAll(targets.Select(target => _segments.MergeTransactionSegmentsAsync(
            SegmentName(view.Scope, view.Stream, target.SegmentId),
            transactions.Select(t => TransactionSegmentName(view.Scope, view.Stream, target.Number, t)).ToList(),
            cancellationToken)));

    /// <summary>Inserts the epoch record unless an earlier run did, and returns the stored one.</summary>
    private async Task<EpochRecord> WriteOnceEpochAsync(StreamView view, EpochRecord epoch, CancellationToken cancellationToken)
    {
        var table = MetadataTables.Stream(view.Scope, view.Stream);
        await _store.TryInsertAsync(table, MetadataTables.EpochKey(epoch.Epoch), epoch, cancellationToken).ConfigureAwait(false);
        return (await _store.GetAsync<EpochRecord>(table, MetadataTables.EpochKey(epoch.Epoch), cancellationToken).ConfigureAwait(false))!.Value;
    }

    /// <summary>An epoch with the same segment numbers and ranges as <paramref name="source"/>, new ids in <paramref name="epoch"/>.</summary>
    private static EpochRecord Duplicate(EpochRecord source, int epoch, long now) => new(epoch, source.ReferenceEpoch,
        source.Segments.Select(s => new SegmentRecord(NameUtils.ComputeSegmentId(s.Number, epoch), now, s.KeyStart, s.KeyEnd)).ToList(), now);
}
