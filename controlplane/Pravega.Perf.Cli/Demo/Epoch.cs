using Pravega.Perf.Client.Readers;
using Pravega.Perf.Client.Transactions;

namespace Pravega.Perf.Cli.Demo;

/// <summary>The input between two checkpoints and the one transaction that holds its output.</summary>
internal sealed class Epoch(Transaction<string> transaction, long checkpoint, string checkpointName)
{
    private readonly List<Task> _writes = [];

    public Transaction<string> Transaction { get; } = transaction;

    public long Checkpoint { get; } = checkpoint;

    public string CheckpointName { get; } = checkpointName;

    public long Events { get; private set; }

    /// <summary>The reader group's checkpoint that closes this epoch, once initiated.</summary>
    public Task<Checkpoint>? Completion { get; set; }

    public void Write(string value)
    {
        var write = Transaction.WriteEventAsync(Transform.RoutingKey(value), Transform.Apply(value));
        Events++;
        // Events written together share their batch's task: keep each task once, so a failed write is seen at the flush.
        if (_writes.Count == 0 || !ReferenceEquals(_writes[^1], write))
        {
            _writes.Add(write);
        }
    }

    /// <summary>The pre-commit: every event of the epoch durable in the transaction (still invisible to readers).</summary>
    public async Task FlushAsync()
    {
        await Task.WhenAll(_writes).ConfigureAwait(false);
        _writes.Clear();
        await Transaction.FlushAsync().ConfigureAwait(false);
    }
}
