namespace Pravega.Perf.SegmentStore.Contracts.Exceptions;

/// <summary>
/// The write-ahead log failed to persist an operation (I/O error, fenced out by another owner). The operation is not
/// acknowledged (it may or may not survive a restart), and everything queued after it failed as well.
/// </summary>
public sealed class DurableLogException : SegmentStoreException
{
    /// <summary>Creates the error.</summary>
    public DurableLogException(string segmentName, string message, Exception? innerException = null)
        : base(segmentName, message, innerException)
    {
    }
}
