namespace Pravega.Perf.Client.Transactions;

/// <summary>Where a transaction is (Pravega's <c>Transaction.Status</c>).</summary>
public enum TransactionStatus
{
    /// <summary>Writable.</summary>
    Open,

    /// <summary>Commit requested; the controller is merging it into the stream.</summary>
    Committing,

    /// <summary>In the stream, contiguous, after everything written before the commit.</summary>
    Committed,

    /// <summary>Abort requested (by the writer, or because its lease ran out).</summary>
    Aborting,

    /// <summary>Gone: nothing of it reached the stream.</summary>
    Aborted,
}
