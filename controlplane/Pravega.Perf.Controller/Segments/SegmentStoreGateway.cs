using Pravega.Perf.Client.Segments;
using Pravega.Perf.Controller.Model;

namespace Pravega.Perf.Controller.Segments;

/// <summary><see cref="IStreamSegmentStore"/> over the client's segment layer: the controller reaches segment stores only through the wire protocol.</summary>
public sealed class SegmentStoreGateway(SegmentStoreClient client) : IStreamSegmentStore
{
    public Task CreateSegmentAsync(string segment, ScalingPolicy policy, long rolloverSizeBytes, CancellationToken cancellationToken) =>
        client.CreateSegmentAsync(segment, ToSegmentPolicy(policy), rolloverSizeBytes, cancellationToken);

    public async Task<long> SealSegmentAsync(string segment, CancellationToken cancellationToken)
    {
        await client.SealSegmentAsync(segment, cancellationToken).ConfigureAwait(false);
        var info = await client.GetSegmentInfoAsync(segment, cancellationToken).ConfigureAwait(false);
        return info.WriteOffset;
    }

    public Task DeleteSegmentAsync(string segment, CancellationToken cancellationToken) => client.DeleteSegmentAsync(segment, cancellationToken);

    public Task TruncateSegmentAsync(string segment, long offset, CancellationToken cancellationToken) =>
        client.TruncateSegmentAsync(segment, offset, cancellationToken);

    public async Task<(long StartOffset, long Length, bool Sealed)?> GetSegmentInfoAsync(string segment, CancellationToken cancellationToken)
    {
        var info = await client.GetSegmentInfoAsync(segment, cancellationToken).ConfigureAwait(false);
        return info.Exists && !info.IsDeleted ? (info.StartOffset, info.WriteOffset, info.IsSealed) : null;
    }

    public Task<ReadOnlyMemory<byte>> ReadSegmentAsync(string segment, long offset, int maxLength, CancellationToken cancellationToken) =>
        client.ReadSegmentAsync(segment, offset, maxLength, cancellationToken);

    public Task UpdatePolicyAsync(string segment, ScalingPolicy policy, CancellationToken cancellationToken) =>
        client.UpdateSegmentPolicyAsync(segment, ToSegmentPolicy(policy), cancellationToken);

    /// <summary>The policy as the wire's CreateSegment carries it (scale type byte and target rate).</summary>
    public static SegmentPolicy ToSegmentPolicy(ScalingPolicy policy) => policy.Type switch
    {
        ScaleType.ByRateInKBytesPerSec => new SegmentPolicy(SegmentScaleType.Throughput, policy.TargetRate),
        ScaleType.ByRateInEventsPerSec => new SegmentPolicy(SegmentScaleType.EventRate, policy.TargetRate),
        _ => new SegmentPolicy(SegmentScaleType.NoScaling, 0),
    };
}
