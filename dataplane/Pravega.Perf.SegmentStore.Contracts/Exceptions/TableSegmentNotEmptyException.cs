namespace Pravega.Perf.SegmentStore.Contracts.Exceptions;

/// <summary>A delete that required an empty table segment found keys in it; nothing was deleted. Wire:
/// <c>TableSegmentNotEmpty</c>.</summary>
public sealed class TableSegmentNotEmptyException : SegmentStoreException
{
    /// <summary>Creates the error.</summary>
    public TableSegmentNotEmptyException(string segmentName, long entryCount)
        : base(segmentName, $"Table segment '{segmentName}' holds {entryCount} key(s).")
    {
        EntryCount = entryCount;
    }

    /// <summary>Number of keys found.</summary>
    public long EntryCount { get; }
}
