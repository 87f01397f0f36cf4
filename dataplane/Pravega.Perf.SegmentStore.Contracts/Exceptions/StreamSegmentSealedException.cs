namespace Pravega.Perf.SegmentStore.Contracts.Exceptions;

/// <summary>The segment is sealed and accepts no more appends, truncations or attribute changes. Wire: <c>SegmentIsSealed</c>.</summary>
public sealed class StreamSegmentSealedException : SegmentStoreException
{
    /// <summary>Creates the error.</summary>
    public StreamSegmentSealedException(string segmentName)
        : base(segmentName, $"Segment '{segmentName}' is sealed.")
    {
    }
}
