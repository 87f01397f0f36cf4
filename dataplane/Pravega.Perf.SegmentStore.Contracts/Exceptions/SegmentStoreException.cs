namespace Pravega.Perf.SegmentStore.Contracts.Exceptions;

/// <summary>
/// Base of every error the segment store reports on purpose. The server maps each subtype to a wire reply
/// (reference §2.6); anything that is not a <see cref="SegmentStoreException"/> should close the connection.
/// </summary>
public abstract class SegmentStoreException : Exception
{
    /// <summary>Creates an error about <paramref name="segmentName"/>.</summary>
    protected SegmentStoreException(string segmentName, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        SegmentName = segmentName;
    }

    /// <summary>The segment the failed request was about ("" for container-wide failures).</summary>
    public string SegmentName { get; }
}
