namespace Pravega.Perf.Client.Tables;

/// <summary>
/// A conditional update of a key-value table failed its condition; nothing of its batch was applied (Pravega's
/// <c>ConditionalTableUpdateException</c>).
/// </summary>
public abstract class ConditionalTableUpdateException(string message, Exception? inner) : Exception(message, inner);

/// <summary>A key's version differed from the expected one, or the key exists where an insert required it absent.</summary>
public sealed class BadKeyVersionException(string table, string detail, Exception? inner = null)
    : ConditionalTableUpdateException($"key-value table '{table}': {detail}", inner);

/// <summary>A conditional update or removal named a version of a key that does not exist.</summary>
public sealed class NoSuchKeyException(string table, Exception? inner = null)
    : ConditionalTableUpdateException($"key-value table '{table}': a key conditioned on a version does not exist", inner);

/// <summary>The key-value table does not exist (never created, or deleted).</summary>
public sealed class KeyValueTableNotFoundException(string table, Exception? inner = null)
    : Exception($"key-value table '{table}' does not exist", inner);
