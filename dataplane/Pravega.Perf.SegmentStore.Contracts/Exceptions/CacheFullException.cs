namespace Pravega.Perf.SegmentStore.Contracts.Exceptions;

/// <summary>Back-pressure: the cache (which, until Tier-2 exists, holds all un-truncated data) has no room. Nothing was stored; the caller may retry after data is truncated or deleted, or fail the writer (the server closes the connection).</summary>
public sealed class CacheFullException : SegmentStoreException
{
    /// <summary>Creates the error.</summary>
    public CacheFullException(string segmentName, string reason)
        : base(segmentName, $"No room for an operation on '{segmentName}': {reason}.")
    {
        Reason = reason;
    }

    /// <summary>What ran out.</summary>
    public string Reason { get; }
}
