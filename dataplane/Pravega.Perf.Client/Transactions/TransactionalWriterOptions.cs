namespace Pravega.Perf.Client.Transactions;

/// <summary>Settings of a <see cref="TransactionalEventStreamWriter{T}"/> (Pravega's <c>EventWriterConfig</c> parts that matter to transactions).</summary>
public sealed record TransactionalWriterOptions
{
    /// <summary>The lease of each transaction: the controller aborts one whose pings stop for this long (Pravega's
    /// <c>transactionTimeoutTime</c>, default 599,999 ms, at least 10 s). The writer pings well inside it.</summary>
    public TimeSpan TransactionTimeout { get; init; } = TimeSpan.FromMilliseconds(599_999);

    /// <summary>The writer's id, sent with each commit for the stream's watermarks (default: a random UUID).</summary>
    public string WriterId { get; init; } = Guid.NewGuid().ToString();
}
