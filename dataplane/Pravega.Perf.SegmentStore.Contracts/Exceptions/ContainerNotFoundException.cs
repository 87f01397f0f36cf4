namespace Pravega.Perf.SegmentStore.Contracts.Exceptions;

/// <summary>The segment maps to a container this store does not own (or that is not running). Wire: <c>WrongHost</c>.</summary>
public sealed class ContainerNotFoundException : SegmentStoreException
{
    /// <summary>Creates the error.</summary>
    public ContainerNotFoundException(string segmentName, int containerId)
        : base(segmentName, $"Container {containerId} (for segment '{segmentName}') is not owned by this store.")
    {
        ContainerId = containerId;
    }

    /// <summary>The container the segment maps to.</summary>
    public int ContainerId { get; }
}
