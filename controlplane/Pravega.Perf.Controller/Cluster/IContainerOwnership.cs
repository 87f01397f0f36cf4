using System.Net;

namespace Pravega.Perf.Controller.Cluster;

/// <summary>
/// Which segment store owns which segment container (reference §5.2–5.3). With one segment store it owns them all
/// (<see cref="SingleStoreOwnership"/>); a later cluster issue backs this with leases in etcd.
/// </summary>
public interface IContainerOwnership
{
    /// <summary>How many containers there are; must equal every segment store's count.</summary>
    int ContainerCount { get; }

    /// <summary>The endpoint of the segment store that owns <paramref name="containerId"/>.</summary>
    DnsEndPoint GetOwner(int containerId);

    /// <summary>Every segment store endpoint.</summary>
    IReadOnlyList<DnsEndPoint> SegmentStores { get; }
}
