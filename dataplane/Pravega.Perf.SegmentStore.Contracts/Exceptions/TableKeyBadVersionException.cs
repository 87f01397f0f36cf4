namespace Pravega.Perf.SegmentStore.Contracts.Exceptions;

/// <summary>A conditional update or removal expected another version of a key (or expected it absent and it exists);
/// nothing in the batch was applied. Wire: <c>TableKeyBadVersion</c>.</summary>
public sealed class TableKeyBadVersionException : SegmentStoreException
{
    /// <summary>Creates the error.</summary>
    public TableKeyBadVersionException(string segmentName, long expectedVersion, long actualVersion)
        : base(segmentName, $"Table segment '{segmentName}': a key is at version {actualVersion}, expected {expectedVersion}.")
    {
        ExpectedVersion = expectedVersion;
        ActualVersion = actualVersion;
    }

    /// <summary>The version the request expected (<c>-1</c> = absent).</summary>
    public long ExpectedVersion { get; }

    /// <summary>The key's version (<c>-1</c> = absent).</summary>
    public long ActualVersion { get; }
}
