namespace Pravega.Perf.SegmentStore.Contracts.Exceptions;

/// <summary>An append (or other operation) is larger than the store accepts in one operation.</summary>
public sealed class OperationTooLargeException : SegmentStoreException
{
    /// <summary>Creates the error.</summary>
    public OperationTooLargeException(string segmentName, long size, long maxSize)
        : base(segmentName, $"Operation on '{segmentName}' is {size} bytes; at most {maxSize} are accepted.")
    {
        Size = size;
        MaxSize = maxSize;
    }

    /// <summary>The size asked for.</summary>
    public long Size { get; }

    /// <summary>The limit.</summary>
    public long MaxSize { get; }
}
