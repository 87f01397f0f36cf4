using Pravega.Perf.SegmentStore.Contracts.Exceptions;

namespace Pravega.Perf.SegmentStore.Storage.Exceptions;

/// <summary>Base of the errors that Tier-2 itself raises (as opposed to the segment-level errors of the contracts).</summary>
public abstract class StorageException : SegmentStoreException
{
    /// <summary>Creates an error about <paramref name="segmentName"/>.</summary>
    protected StorageException(string segmentName, string message, Exception? innerException = null)
        : base(segmentName, message, innerException)
    {
    }
}
