using System.Net;
using Pravega.Perf.Client.Segments;
using Pravega.Perf.Common.Naming;

namespace Pravega.Perf.Client.Transactions;

/// <summary>
/// Finds the store of a transaction segment by its parent's name: a transaction segment lives in its parent's
/// container (the container mapping strips the transaction suffix), and the controller locates parents.
/// </summary>
internal sealed class TransactionSegmentResolver(ISegmentEndpointResolver parents) : ISegmentEndpointResolver
{
    public ValueTask<EndPoint> ResolveAsync(string qualifiedSegmentName, CancellationToken cancellationToken) =>
        parents.ResolveAsync(ParentOf(qualifiedSegmentName), cancellationToken);

    public void Invalidate(string qualifiedSegmentName) => parents.Invalidate(ParentOf(qualifiedSegmentName));

    private static string ParentOf(string name)
    {
        var at = name.IndexOf(NameUtils.TransactionDelimiter, StringComparison.Ordinal);
        return at < 0 ? name : name[..at];
    }
}
