using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Pravega.Perf.Common;
using Pravega.Perf.Common.Naming;
using Pravega.Perf.Controller.Metadata;
using Pravega.Perf.Controller.Model;
using Pravega.Perf.Controller.Segments;
using Pravega.Perf.Controller.Streams;

namespace Pravega.Perf.Controller.Transactions;

/// <summary>
/// Transactions (reference §1.13): open (one transaction segment per segment of the current epoch), ping, commit,
/// abort, expiry, status. The record of each is changed only by conditional writes, so of a commit, an abort and an
/// expiry racing on an OPEN transaction exactly one wins, and COMMITTED and ABORTED never turn into each other. Commits
/// return once COMMITTING is durable; a per-stream committer then merges them in request order under the stream's lock
/// (<see cref="StreamService.CommitTransactionsAsync"/>), batching whatever queued up meanwhile. Files: this one (open,
/// status, listing), <c>.Commit</c>, <c>.Abort</c> (abort, expiry, ping) and <c>.Recovery</c>.
/// </summary>
public sealed partial class TransactionService : IAsyncDisposable
{
    private readonly IMetadataStore _store;
    private readonly IStreamSegmentStore _segments;
    private readonly StreamService _streams;
    private readonly ControllerOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, bool> _knownTables = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();

    /// <summary>Statuses this controller set and can answer from memory (see <see cref="GetStatusAsync"/>); bounded.</summary>
    private readonly ConcurrentDictionary<(string Scope, string Stream, Uuid Id), TransactionStatus> _known = new();
    private long _lastCommitOrder;

    public TransactionService(IMetadataStore store, IStreamSegmentStore segments, StreamService streams, ControllerOptions options, TimeProvider time,
        ILogger<TransactionService> logger)
    {
        _store = store;
        _segments = segments;
        _streams = streams;
        _options = options;
        _time = time;
        _logger = logger;
        Leases = new TransactionLeases(time);
        streams.SettleTransactionsBeforeSeal = SettleBeforeSealAsync;
    }

    /// <summary>The armed lease checks.</summary>
    public TransactionLeases Leases { get; }

    /// <summary>
    /// Opens a transaction on the stream's current epoch. <see cref="OperationStatus.InvalidArgument"/> for a lease
    /// outside [<see cref="ControllerOptions.TransactionLeaseMin"/>, <see cref="ControllerOptions.TransactionLeaseMax"/>],
    /// <see cref="OperationStatus.StreamNotFound"/>, <see cref="OperationStatus.StreamSealed"/> (also when a seal
    /// began while it was being opened: it is then aborted).
    /// </summary>
    public async Task<OperationResult<OpenedTransaction>> CreateAsync(string scope, string stream, long leaseMillis, CancellationToken cancellationToken)
    {
        if (LeaseOutOfRange(leaseMillis) is { } message)
        {
            return OperationResult<OpenedTransaction>.Fail(OperationStatus.InvalidArgument, message);
        }
        var view = await _streams.GetStreamAsync(scope, stream, cancellationToken).ConfigureAwait(false);
        if (view is null)
        {
            return OperationResult<OpenedTransaction>.Fail(OperationStatus.StreamNotFound, $"stream '{scope}/{stream}' does not exist");
        }
        if (IsClosing(view))
        {
            return OperationResult<OpenedTransaction>.Fail(OperationStatus.StreamSealed, $"stream '{scope}/{stream}' is sealed");
        }
        var epoch = view.Head.CurrentEpoch;
        var id = NewId(epoch);
        var now = Now();
        var maxExecution = Math.Min(1000 * leaseMillis, (long)_options.TransactionMaxExecutionTime.TotalMilliseconds);
        var record = new TransactionRecord(id.Msb, id.Lsb, epoch, TransactionStatus.Open, leaseMillis, now, now + leaseMillis, now + maxExecution);
        // The index entry first: whatever a crash leaves after it, a restart finds (a missing record means segments
        // that may exist and are deleted). Then the record and the segments at once, the record before looking again.
        await _store.PutAsync(MetadataTables.ActiveTransactions, IndexKey(scope, stream, id), new ActiveTransaction(scope, stream, id.Msb, id.Lsb),
            MetadataVersions.Any, cancellationToken).ConfigureAwait(false);
        var creating = CreateSegmentsAsync(scope, stream, view, id, cancellationToken);
        await InsertRecordAsync(scope, stream, record, cancellationToken).ConfigureAwait(false);
        Leases.Track(scope, stream, id, record.LeaseExpiresAt);
        // A seal that began meanwhile may have settled the stream's transactions before this record existed: look again.
        var fresh = await _streams.LoadFreshAsync(scope, stream, cancellationToken).ConfigureAwait(false);
        await creating.ConfigureAwait(false);
        if (fresh is null || IsClosing(fresh))
        {
            await AbortAsync(scope, stream, id, cancellationToken).ConfigureAwait(false);
            return OperationResult<OpenedTransaction>.Fail(OperationStatus.StreamSealed, $"stream '{scope}/{stream}' was sealed");
        }
        var segments = view.CurrentEpoch.Segments.Select(s => s with { SegmentId = NameUtils.ComputeSegmentId(s.Number, epoch) }).ToList();
        return OperationResult<OpenedTransaction>.Ok(new OpenedTransaction(record, segments));
    }

    private Task CreateSegmentsAsync(string scope, string stream, StreamView view, Uuid id, CancellationToken cancellationToken) =>
        Task.WhenAll(view.Epochs[NameUtils.GetEpoch(id)].Segments.Select(s => _segments.CreateSegmentAsync(
            StreamService.TransactionSegmentName(scope, stream, s.Number, id), ScalingPolicy.Fixed(1), view.Head.Configuration.RolloverSizeBytes,
            cancellationToken)));

    /// <summary>Deletes whatever segments the transaction has (deleting is idempotent).</summary>
    private async Task DeleteSegmentsAsync(string scope, string stream, Uuid id, CancellationToken cancellationToken)
    {
        var view = await _streams.GetStreamAsync(scope, stream, cancellationToken).ConfigureAwait(false);
        if (view is not null && NameUtils.GetEpoch(id) >= view.Epochs.Count)
        {
            view = await _streams.LoadFreshAsync(scope, stream, cancellationToken).ConfigureAwait(false);
        }
        if (view is not null)
        {
            await Task.WhenAll(view.Epochs[NameUtils.GetEpoch(id)].Segments.Select(s =>
                _segments.DeleteSegmentAsync(StreamService.TransactionSegmentName(scope, stream, s.Number, id), cancellationToken))).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The transaction's status, or null (unknown id, or an id of another stream). Writers poll it while a commit is
    /// under way, so what this controller knows answers without a metadata read: a status it completed (final, so
    /// never stale) or a commit still in its committer (COMMITTING until that committer completes it).
    /// </summary>
    public async Task<TransactionStatus?> GetStatusAsync(string scope, string stream, Uuid id, CancellationToken cancellationToken)
    {
        if (_known.TryGetValue((scope, stream, id), out var known))
        {
            return known;
        }
        return (await GetRecordAsync(scope, stream, id, cancellationToken).ConfigureAwait(false))?.Value.Status;
    }

    /// <summary>The transaction's record, or null (unknown id, or an id of another stream).</summary>
    public async Task<TransactionRecord?> GetAsync(string scope, string stream, Uuid id, CancellationToken cancellationToken) =>
        (await GetRecordAsync(scope, stream, id, cancellationToken).ConfigureAwait(false))?.Value;

    /// <summary>
    /// The stream's COMMITTED and ABORTED transactions younger than <see cref="ControllerOptions.CompletedTransactionTtl"/>,
    /// newest first, at most <see cref="ControllerOptions.ListCompletedTransactionsMax"/>; older ones are forgotten here.
    /// </summary>
    public async Task<OperationResult<IReadOnlyList<TransactionRecord>>> ListCompletedAsync(string scope, string stream, CancellationToken cancellationToken)
    {
        if (await _streams.GetStreamAsync(scope, stream, cancellationToken).ConfigureAwait(false) is null)
        {
            return OperationResult<IReadOnlyList<TransactionRecord>>.Fail(OperationStatus.StreamNotFound, $"stream '{scope}/{stream}' does not exist");
        }
        var table = MetadataTables.Transactions(scope, stream);
        var oldest = Now() - (long)_options.CompletedTransactionTtl.TotalMilliseconds;
        var completed = new List<TransactionRecord>();
        var forgotten = new List<MetadataEntry>();
        await foreach (var entry in _store.ListAllAsync(table, cancellationToken).ConfigureAwait(false))
        {
            var record = MetadataJson.Deserialize<TransactionRecord>(entry.Value);
            if (!record.IsCompleted)
            {
                continue;
            }
            if (record.CompletedAt < oldest)
            {
                forgotten.Add(entry);
            }
            else
            {
                completed.Add(record);
            }
        }
        foreach (var entry in forgotten)
        {
            await _store.RemoveAsync(table, entry.Key, entry.Version, cancellationToken).ConfigureAwait(false);
        }
        IReadOnlyList<TransactionRecord> newest = completed.OrderByDescending(r => r.CompletedAt).Take(_options.ListCompletedTransactionsMax).ToList();
        return OperationResult<IReadOnlyList<TransactionRecord>>.Ok(newest);
    }

    public async ValueTask DisposeAsync()
    {
        // Not disposed: background work still starting may read its token, which then simply says "stopped".
        await _stopping.CancelAsync().ConfigureAwait(false);
    }

    private string? LeaseOutOfRange(long leaseMillis)
    {
        var (min, max) = ((long)_options.TransactionLeaseMin.TotalMilliseconds, (long)_options.TransactionLeaseMax.TotalMilliseconds);
        return leaseMillis < min || leaseMillis > max ? $"lease: {leaseMillis} ms is outside [{min}, {max}] ms" : null;
    }

    /// <summary>Remembers a status for <see cref="GetStatusAsync"/> (COMMITTING while queued here, then the final one).</summary>
    private void Remember(string scope, string stream, Uuid id, TransactionStatus? status)
    {
        if (status is not (TransactionStatus.Committing or TransactionStatus.Committed or TransactionStatus.Aborted))
        {
            _known.TryRemove((scope, stream, id), out _);
            return;
        }
        if (_known.Count >= 100_000)
        {
            _known.Clear();
        }
        _known[(scope, stream, id)] = status.Value;
    }

    private static bool IsClosing(StreamView view) => view.Head.State is StreamState.Sealing or StreamState.Sealed or StreamState.Deleting;

    /// <summary>Pravega's layout: the epoch in the high 32 bits (it names the transaction's segments), then 96 unique bits.</summary>
    private static Uuid NewId(int epoch)
    {
        var random = Uuid.NewRandom();
        return new Uuid(((long)epoch << 32) | (random.Msb & 0xFFFF_FFFFL), random.Lsb);
    }

    /// <summary>Increasing within this process and close to time across processes: merges follow it.</summary>
    private long NextCommitOrder()
    {
        var candidate = Now() * 1000;
        while (true)
        {
            var last = Interlocked.Read(ref _lastCommitOrder);
            var next = Math.Max(candidate, last + 1);
            if (Interlocked.CompareExchange(ref _lastCommitOrder, next, last) == last)
            {
                return next;
            }
        }
    }

    private long Now() => _time.GetUtcNow().ToUnixTimeMilliseconds();

    private static string Key(Uuid id) => $"{(ulong)id.Msb:x16}{(ulong)id.Lsb:x16}";

    private static string IndexKey(string scope, string stream, Uuid id) => $"{scope}/{stream}/{Key(id)}";

    private Task<Versioned<TransactionRecord>?> GetRecordAsync(string scope, string stream, Uuid id, CancellationToken cancellationToken) =>
        _store.GetAsync<TransactionRecord>(MetadataTables.Transactions(scope, stream), Key(id), cancellationToken);

    /// <summary>Inserts a new record, creating the stream's transaction table the first time (or again after the stream was re-created).</summary>
    private async Task InsertRecordAsync(string scope, string stream, TransactionRecord record, CancellationToken cancellationToken)
    {
        var table = MetadataTables.Transactions(scope, stream);
        if (!_knownTables.ContainsKey(table))
        {
            await _store.CreateTableAsync(table, cancellationToken).ConfigureAwait(false);
            _knownTables[table] = true;
        }
        try
        {
            await _store.PutAsync(table, Key(record.Id), record, MetadataVersions.NotExists, cancellationToken).ConfigureAwait(false);
        }
        catch (MetadataTableNotFoundException)
        {
            await _store.CreateTableAsync(table, cancellationToken).ConfigureAwait(false);
            await _store.PutAsync(table, Key(record.Id), record, MetadataVersions.NotExists, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Applies <paramref name="change"/> to the stored record by a conditional write, re-reading on conflicts. Returns
    /// the record as it is afterwards and whether this call changed it; null when there is no such record.
    /// <paramref name="change"/> returns null to leave the record as it is.
    /// </summary>
    private async Task<(TransactionRecord Record, bool Changed)?> TransitionAsync(string scope, string stream, Uuid id,
        Func<TransactionRecord, TransactionRecord?> change, CancellationToken cancellationToken)
    {
        var table = MetadataTables.Transactions(scope, stream);
        while (true)
        {
            var current = await GetRecordAsync(scope, stream, id, cancellationToken).ConfigureAwait(false);
            if (current is null)
            {
                return null;
            }
            if (change(current.Value) is not { } next)
            {
                return (current.Value, false);
            }
            try
            {
                await _store.PutAsync(table, Key(id), next, current.Version, cancellationToken).ConfigureAwait(false);
                return (next, true);
            }
            catch (MetadataConflictException)
            {
                // Another commit, abort, ping or expiry got there first: decide again on what it wrote.
            }
        }
    }

    /// <summary>Moves a COMMITTING or ABORTING transaction to its end state and takes it out of the active index.</summary>
    private async Task CompleteAsync(string scope, string stream, Uuid id, TransactionStatus from, TransactionStatus to, CancellationToken cancellationToken)
    {
        var now = Now();
        // The record first: an index entry that outlives it is dropped by the next recovery, while a record left
        // COMMITTING without its entry would never be finished.
        var after = await TransitionAsync(scope, stream, id, r => r.Status == from ? r with { Status = to, CompletedAt = now } : null, cancellationToken)
            .ConfigureAwait(false);
        Remember(scope, stream, id, after?.Record.Status);
        await _store.RemoveAsync(MetadataTables.ActiveTransactions, IndexKey(scope, stream, id), MetadataVersions.Any, cancellationToken)
            .ConfigureAwait(false);
    }
}
