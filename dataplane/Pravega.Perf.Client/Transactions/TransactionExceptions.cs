namespace Pravega.Perf.Client.Transactions;

/// <summary>The transaction can no longer be committed: it was aborted (by a call, a seal of the stream, or its lease running out).</summary>
public sealed class TransactionFailedException(string message) : Exception(message);

/// <summary>The controller knows no such transaction on this stream.</summary>
public sealed class TransactionNotFoundException(string message) : Exception(message);
