namespace Pravega.Perf.SegmentStore.Contracts.Exceptions;

/// <summary>A key, a value or a whole batch is larger than a table segment accepts (or a key does not have a
/// fixed-key-length table's length); nothing was applied. Wire: <c>ErrorMessage</c> with
/// <c>ILLEGAL_ARGUMENT_EXCEPTION</c>, as Pravega answers its argument checks; the connection stays open.</summary>
public sealed class TableLimitExceededException : SegmentStoreException
{
    /// <summary>Creates the error.</summary>
    /// <param name="segmentName">The table segment.</param>
    /// <param name="what">What is too large ("key", "value", "batch", ...).</param>
    /// <param name="size">Its size in bytes.</param>
    /// <param name="limit">The limit in bytes.</param>
    public TableLimitExceededException(string segmentName, string what, long size, long limit)
        : base(segmentName, $"Table segment '{segmentName}': {what} of {size} bytes exceeds the limit of {limit} bytes.")
    {
        What = what;
        Size = size;
        Limit = limit;
    }

    /// <summary>Creates an error with a message of its own (a key of the wrong fixed length).</summary>
    public TableLimitExceededException(string segmentName, string what, long size, long limit, string message)
        : base(segmentName, message)
    {
        What = what;
        Size = size;
        Limit = limit;
    }

    /// <summary>What is too large: "key", "value", "batch" or "key length".</summary>
    public string What { get; }

    /// <summary>Its size in bytes.</summary>
    public long Size { get; }

    /// <summary>The limit in bytes.</summary>
    public long Limit { get; }
}
