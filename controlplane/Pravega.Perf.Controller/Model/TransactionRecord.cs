namespace Pravega.Perf.Controller.Model;

/// <summary>Where a transaction is in its life (Pravega's controller <c>TxnStatus</c>, reference §1.13).</summary>
public enum TransactionStatus
{
    /// <summary>Writable; aborted when its lease runs out.</summary>
    Open,

    /// <summary>Commit requested: it will be merged into the stream, whatever happens to the controller.</summary>
    Committing,

    /// <summary>Merged into the stream.</summary>
    Committed,

    /// <summary>Abort requested: its segments are being deleted.</summary>
    Aborting,

    /// <summary>Its segments are gone; nothing of it reached the stream.</summary>
    Aborted,
}

/// <summary>
/// A transaction of a stream (key: its id in hex, table <c>&lt;scope&gt;/&lt;stream&gt;/transactions</c>). Every change
/// is a conditional write of this record, which is what keeps COMMITTED and ABORTED apart when a commit, an abort and a
/// lease expiry race (across controllers too): only one of them moves an OPEN record on.
/// </summary>
/// <param name="Msb">The id's high half: the epoch it was opened in (high 32 bits) and random bits.</param>
/// <param name="Lsb">The id's low half (random).</param>
/// <param name="Epoch">The epoch it was opened in: its segments shadow that epoch's segments.</param>
/// <param name="Status">Where it is in its life.</param>
/// <param name="LeaseMillis">The lease the last create or ping asked for.</param>
/// <param name="CreatedAt">When it was opened (ms since the Unix epoch).</param>
/// <param name="LeaseExpiresAt">When an OPEN transaction is aborted unless pinged (ms since the Unix epoch).</param>
/// <param name="MaxExecutionExpiresAt">No ping extends the lease beyond this.</param>
/// <param name="CommitOrder">Order of the commit request among the stream's commits (merges follow it).</param>
/// <param name="WriterId">The writer that asked for the commit, for its watermark mark (may be empty).</param>
/// <param name="CommitTimestamp">The time the writer noted with the commit (0: none).</param>
/// <param name="CompletedAt">When it became COMMITTED or ABORTED.</param>
public sealed record TransactionRecord(
    long Msb,
    long Lsb,
    int Epoch,
    TransactionStatus Status,
    long LeaseMillis,
    long CreatedAt,
    long LeaseExpiresAt,
    long MaxExecutionExpiresAt,
    long CommitOrder = 0,
    string? WriterId = null,
    long CommitTimestamp = 0,
    long CompletedAt = 0)
{
    /// <summary>The transaction's id.</summary>
    public Common.Uuid Id => new(Msb, Lsb);

    /// <summary>Whether it reached COMMITTED or ABORTED.</summary>
    public bool IsCompleted => Status is TransactionStatus.Committed or TransactionStatus.Aborted;
}
