using Pravega.Perf.Common;

namespace Pravega.Perf.Controller.Transactions;

/// <summary>
/// When open transactions' leases run out, in memory (Pravega's timer wheel): each create or ping adds a due time;
/// a loop hands every due entry to the transaction service, which reads the record and aborts it only if it is still
/// OPEN and its stored lease has really expired (a ping on another controller extends it without telling this one, so
/// a stale entry is re-armed from the record). A restarted controller re-arms every open transaction from the
/// active-transactions index.
/// </summary>
public sealed class TransactionLeases(TimeProvider time)
{
    private readonly PriorityQueue<(string Scope, string Stream, Uuid Id), long> _due = new();
    private readonly Lock _lock = new();

    /// <summary>Arms a check of the transaction at <paramref name="expiresAt"/> (ms since the Unix epoch).</summary>
    public void Track(string scope, string stream, Uuid id, long expiresAt)
    {
        lock (_lock)
        {
            _due.Enqueue((scope, stream, id), expiresAt);
        }
    }

    /// <summary>How many checks are armed.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _due.Count;
            }
        }
    }

    /// <summary>Every entry due by now, removed from the queue.</summary>
    public List<(string Scope, string Stream, Uuid Id)> TakeDue()
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var due = new List<(string, string, Uuid)>();
        lock (_lock)
        {
            while (_due.TryPeek(out var entry, out var at) && at <= now)
            {
                _due.Dequeue();
                due.Add(entry);
            }
        }
        return due;
    }
}
