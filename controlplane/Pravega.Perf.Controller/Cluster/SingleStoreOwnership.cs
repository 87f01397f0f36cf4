using System.Net;

namespace Pravega.Perf.Controller.Cluster;

/// <summary>One segment store owns every container (standalone, or <c>pravega controller --segmentstore HOST:PORT</c>).</summary>
public sealed class SingleStoreOwnership : IContainerOwnership
{
    public SingleStoreOwnership(DnsEndPoint segmentStore, int containerCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(containerCount);
        SegmentStore = segmentStore;
        ContainerCount = containerCount;
        SegmentStores = [segmentStore];
    }

    /// <summary>The only segment store.</summary>
    public DnsEndPoint SegmentStore { get; }

    public int ContainerCount { get; }

    public IReadOnlyList<DnsEndPoint> SegmentStores { get; }

    public DnsEndPoint GetOwner(int containerId)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(containerId);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(containerId, ContainerCount);
        return SegmentStore;
    }
}
