using System.Net;
using Pravega.Perf.Client.Segments;
using Pravega.Perf.Common.Naming;

namespace Pravega.Perf.Controller.Cluster;

/// <summary>
/// Segment → container → owning segment store (reference §5.3): answers <c>getURI</c> for clients and resolves the
/// controller's own segment-store calls, with Pravega's container mapping so that both agree with the stores.
/// </summary>
public sealed class SegmentLocator(IContainerOwnership ownership) : ISegmentEndpointResolver
{
    private readonly SegmentToContainerMapper _mapper = new(ownership.ContainerCount);

    /// <summary>The owner of the segment's container.</summary>
    public DnsEndPoint Locate(string qualifiedSegmentName) => ownership.GetOwner(_mapper.GetContainerId(qualifiedSegmentName));

    public ValueTask<EndPoint> ResolveAsync(string qualifiedSegmentName, CancellationToken cancellationToken) =>
        ValueTask.FromResult<EndPoint>(Locate(qualifiedSegmentName));

    public void Invalidate(string qualifiedSegmentName)
    {
        // Ownership is fixed while there is one segment store; a cluster's ownership re-reads its leases here.
    }
}
