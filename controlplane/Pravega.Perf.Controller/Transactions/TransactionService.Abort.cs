using Pravega.Perf.Common;
using Pravega.Perf.Controller.Model;

namespace Pravega.Perf.Controller.Transactions;

public sealed partial class TransactionService
{
    /// <summary>
    /// Aborts: an OPEN transaction becomes ABORTING, its segments are deleted, then ABORTED. Aborting an aborted one
    /// succeeds again; aborting a committing or committed one is <see cref="OperationStatus.Failure"/>.
    /// </summary>
    public async Task<OperationResult<bool>> AbortAsync(string scope, string stream, Uuid id, CancellationToken cancellationToken)
    {
        var after = await AbortRecordAsync(scope, stream, id, cancellationToken).ConfigureAwait(false);
        return after switch
        {
            null => await NotFoundAsync(scope, stream, id, cancellationToken).ConfigureAwait(false),
            { Status: TransactionStatus.Aborted } => OperationResult<bool>.Ok(true),
            _ => OperationResult<bool>.Fail(OperationStatus.Failure, $"transaction {id} is {after.Status.ToString().ToUpperInvariant()}: it cannot be aborted"),
        };
    }

    /// <summary>
    /// Renews the lease of an OPEN transaction. A lease that has already run out aborts it (ABORTED); a lease that
    /// would end after the transaction's maximum execution time is refused and changes nothing.
    /// </summary>
    public async Task<OperationResult<PingOutcome>> PingAsync(string scope, string stream, Uuid id, long leaseMillis, CancellationToken cancellationToken)
    {
        if (leaseMillis > (long)_options.TransactionLeaseMax.TotalMilliseconds)
        {
            return OperationResult<PingOutcome>.Ok(PingOutcome.LeaseTooLarge);
        }
        if (LeaseOutOfRange(leaseMillis) is { } message)
        {
            return OperationResult<PingOutcome>.Fail(OperationStatus.InvalidArgument, message);
        }
        var now = Now();
        var expired = false;
        var tooLong = false;
        var outcome = await TransitionAsync(scope, stream, id, r =>
        {
            (expired, tooLong) = (r.LeaseExpiresAt <= now, now + leaseMillis > r.MaxExecutionExpiresAt);
            return r.Status == TransactionStatus.Open && !expired && !tooLong ? r with { LeaseMillis = leaseMillis, LeaseExpiresAt = now + leaseMillis } : null;
        }, cancellationToken).ConfigureAwait(false);
        if (outcome is not { } result)
        {
            return OperationResult<PingOutcome>.Ok(PingOutcome.Unknown);
        }
        var record = result.Record;
        if (record.Status == TransactionStatus.Open && expired)
        {
            record = await ExpireAsync(scope, stream, id, cancellationToken).ConfigureAwait(false) ?? record;
        }
        else if (result.Changed)
        {
            Leases.Track(scope, stream, id, record.LeaseExpiresAt);
        }
        return OperationResult<PingOutcome>.Ok(record.Status switch
        {
            TransactionStatus.Open => tooLong ? PingOutcome.MaxExecutionTimeExceeded : PingOutcome.Ok,
            TransactionStatus.Committing or TransactionStatus.Committed => PingOutcome.Committed,
            _ => PingOutcome.Aborted,
        });
    }

    /// <summary>
    /// Checks one armed lease: aborts the transaction if it is still OPEN and its stored lease ran out, re-arms it
    /// from the record if a ping extended it. Returns the record afterwards (null: no such transaction).
    /// </summary>
    public async Task<TransactionRecord?> ExpireAsync(string scope, string stream, Uuid id, CancellationToken cancellationToken)
    {
        var now = Now();
        var outcome = await TransitionAsync(scope, stream, id,
            r => r.Status == TransactionStatus.Open && r.LeaseExpiresAt <= now ? r with { Status = TransactionStatus.Aborting } : null,
            cancellationToken).ConfigureAwait(false);
        switch (outcome)
        {
            case null:
                return null;
            case { Changed: true }:
                ControllerLog.TransactionExpired(_logger, id.ToString(), scope, stream);
                return await AbortRecordAsync(scope, stream, id, cancellationToken).ConfigureAwait(false);
            case { Record.Status: TransactionStatus.Open } open:
                Leases.Track(scope, stream, id, open.Record.LeaseExpiresAt);
                return open.Record;
            default:
                return outcome.Value.Record;
        }
    }

    /// <summary>Checks every armed lease that is due; a failed check is re-armed for the next round.</summary>
    public async Task CheckLeasesAsync(CancellationToken cancellationToken)
    {
        foreach (var (scope, stream, id) in Leases.TakeDue())
        {
            try
            {
                await ExpireAsync(scope, stream, id, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                ControllerLog.TransactionLeaseCheckFailed(_logger, e, id.ToString(), scope, stream);
                Leases.Track(scope, stream, id, Now() + (long)_options.TransactionLeaseCheckPeriod.TotalMilliseconds);
            }
        }
    }

    /// <summary>Runs <see cref="CheckLeasesAsync"/> every <see cref="ControllerOptions.TransactionLeaseCheckPeriod"/> until disposed.</summary>
    public async Task RunLeaseChecksAsync()
    {
        var token = _stopping.Token;
        while (!token.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(_options.TransactionLeaseCheckPeriod, _time, token).ConfigureAwait(false);
                await CheckLeasesAsync(token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>
    /// Moves an OPEN transaction to ABORTING, and an ABORTING one on to ABORTED (segments deleted first; deleting is
    /// idempotent, so a repeat after a crash is harmless). Returns the record afterwards; a committing or completed one
    /// is returned unchanged; null when there is none.
    /// </summary>
    private async Task<TransactionRecord?> AbortRecordAsync(string scope, string stream, Uuid id, CancellationToken cancellationToken)
    {
        var outcome = await TransitionAsync(scope, stream, id,
            r => r.Status == TransactionStatus.Open ? r with { Status = TransactionStatus.Aborting } : null, cancellationToken).ConfigureAwait(false);
        if (outcome is not { Record.Status: TransactionStatus.Aborting } aborting)
        {
            return outcome?.Record;
        }
        await DeleteSegmentsAsync(scope, stream, id, cancellationToken).ConfigureAwait(false);
        await CompleteAsync(scope, stream, id, TransactionStatus.Aborting, TransactionStatus.Aborted, cancellationToken).ConfigureAwait(false);
        return (await GetAsync(scope, stream, id, cancellationToken).ConfigureAwait(false)) ?? aborting.Record with { Status = TransactionStatus.Aborted };
    }
}
