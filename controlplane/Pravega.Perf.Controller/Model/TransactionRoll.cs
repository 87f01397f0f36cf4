namespace Pravega.Perf.Controller.Model;

/// <summary>
/// A commit of transactions whose epoch was scaled away (Pravega's rolling transaction, reference §1.13), recorded in
/// the stream's head before its first step: epoch <see cref="NewEpoch"/> duplicates the transactions' epoch (same
/// segment numbers), receives their data and is sealed at once; epoch <c>NewEpoch + 1</c> duplicates the epoch that was
/// active, and becomes current. Readers thus read everything written before the commit, then each transaction whole,
/// then what follows.
/// </summary>
/// <param name="TransactionEpoch">The epoch the transactions were opened in.</param>
/// <param name="ActiveEpoch">The epoch current when the roll began.</param>
/// <param name="Transactions">The transactions, in commit order.</param>
/// <param name="ResumeState">The state the stream returns to (ACTIVE, or SEALING when a seal drained its commits).</param>
public sealed record TransactionRoll(int TransactionEpoch, int ActiveEpoch, IReadOnlyList<TransactionRef> Transactions, StreamState ResumeState)
{
    /// <summary>The epoch that holds the duplicated transaction-epoch segments.</summary>
    public int NewEpoch => ActiveEpoch + 1;

    /// <summary>The epoch that duplicates the active one and becomes current.</summary>
    public int DuplicateActiveEpoch => ActiveEpoch + 2;
}

/// <summary>A transaction id, as records store it.</summary>
public sealed record TransactionRef(long Msb, long Lsb)
{
    public Common.Uuid Id => new(Msb, Lsb);
}
