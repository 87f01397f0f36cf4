namespace Pravega.Perf.SegmentStore.Contracts.Exceptions;

/// <summary>Back-pressure: the cache has no room, because data not yet moved to Tier-2 fills it (or, without Tier-2, all
/// un-truncated data). Nothing was stored; the caller may retry once the storage writer caught up (the reason says how
/// much is waiting and why), or fail the writer (the server closes the connection; the client retransmits).</summary>
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
