namespace Pravega.Perf.Cli.Demo;

/// <summary>
/// The pipeline job's own durable state, kept as whole-state records in a single-segment stream through a
/// <c>StateSynchronizer</c>. It is what makes the two-phase commit recoverable: a transaction id is written here when
/// the transaction is begun (so a crash never forgets one), and a checkpoint counts as complete only once it is
/// written here with the transaction that holds its output (the "checkpoint completed" of Flink's sink).
/// </summary>
/// <remarks>Records are immutable: the synchronizer may apply an update several times, so an update makes a new state.</remarks>
internal sealed record JobState
{
    /// <summary>The id the next checkpoint gets; ids never repeat, across restarts too.</summary>
    public long NextCheckpoint { get; init; } = 1;

    /// <summary>The last checkpoint that completed and was recorded: recovery reads on from its cut.</summary>
    public CompletedCheckpoint? Completed { get; init; }

    /// <summary>Transactions begun and not yet known to be settled, each with the checkpoint that covers its input.</summary>
    public IReadOnlyList<OpenTransaction> Open { get; init; } = [];

    public JobState WithOpen(OpenTransaction transaction) => this with { Open = [.. Open, transaction], NextCheckpoint = transaction.Checkpoint + 1 };

    public JobState WithoutOpen(string transaction) => this with { Open = [.. Open.Where(t => t.Transaction != transaction)] };
}

/// <summary>A completed checkpoint: where the input was (segment id → offset in the input stream), and the transaction
/// that holds the output of everything before that cut.</summary>
internal sealed record CompletedCheckpoint(long Id, Dictionary<long, long> InputCut, string Transaction, long Events);

/// <summary>A transaction begun on the output stream for the input up to checkpoint <paramref name="Checkpoint"/>.</summary>
internal sealed record OpenTransaction(string Transaction, long Checkpoint);
