using Pravega.Perf.Controller.Model;

namespace Pravega.Perf.Controller.Transactions;

/// <summary>What a ping answers (Pravega's <c>PingTxnStatus</c>, without its deprecated and multi-owner values).</summary>
public enum PingOutcome
{
    Ok,
    LeaseTooLarge,
    MaxExecutionTimeExceeded,
    Committed,
    Aborted,
    Unknown,
}

/// <summary>A transaction just opened and the segments a writer addresses it by (ids carry the transaction's epoch).</summary>
public sealed record OpenedTransaction(TransactionRecord Record, IReadOnlyList<SegmentRecord> Segments);

/// <summary>An entry of the active-transactions index: enough to find the record.</summary>
public sealed record ActiveTransaction(string Scope, string Stream, long Msb, long Lsb)
{
    public Common.Uuid Id => new(Msb, Lsb);
}
