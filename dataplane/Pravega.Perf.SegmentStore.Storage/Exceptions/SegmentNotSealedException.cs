namespace Pravega.Perf.SegmentStore.Storage.Exceptions;

/// <summary>A concat source must be sealed first, so that no byte can be appended to it after it is relinked.</summary>
public sealed class SegmentNotSealedException : StorageException
{
    /// <summary>Creates the error.</summary>
    public SegmentNotSealedException(string segmentName)
        : base(segmentName, $"Segment '{segmentName}' is not sealed.")
    {
    }
}
