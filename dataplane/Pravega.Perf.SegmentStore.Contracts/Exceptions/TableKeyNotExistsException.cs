namespace Pravega.Perf.SegmentStore.Contracts.Exceptions;

/// <summary>A conditional update or removal named a version for a key that does not exist; nothing in the batch was
/// applied. Wire: <c>TableKeyDoesNotExist</c>.</summary>
public sealed class TableKeyNotExistsException : SegmentStoreException
{
    /// <summary>Creates the error.</summary>
    public TableKeyNotExistsException(string segmentName, long expectedVersion)
        : base(segmentName, $"Table segment '{segmentName}': a key expected at version {expectedVersion} does not exist.")
    {
        ExpectedVersion = expectedVersion;
    }

    /// <summary>The version the request expected.</summary>
    public long ExpectedVersion { get; }
}
