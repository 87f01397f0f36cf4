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

    public async Task<long> MergeTransactionSegmentsAsync(string target, IReadOnlyList<string> sources, CancellationToken cancellationToken)
    {
        if (sources.Count == 0)
        {
            return (await client.GetSegmentInfoAsync(target, cancellationToken).ConfigureAwait(false)).WriteOffset;
        }
        try
        {
            return (await client.MergeSegmentsBatchAsync(target, sources, cancellationToken).ConfigureAwait(false))[^1];
        }
        catch (SegmentNotFoundException)
        {
            // A resumed commit: the sources an earlier run merged are gone (the batch stops at the first of them).
            var remaining = new List<string>(sources.Count);
            foreach (var source in sources)
            {
                if (await client.GetSegmentInfoAsync(source, cancellationToken).ConfigureAwait(false) is { Exists: true, IsDeleted: false })
                {
                    remaining.Add(source);
                }
            }
            return await MergeTransactionSegmentsAsync(target, remaining, cancellationToken).ConfigureAwait(false);
        }
    }

    public Task CreateTableSegmentAsync(string segment, int keyLength, long rolloverSizeBytes, CancellationToken cancellationToken) =>
        client.CreateTableSegmentAsync(segment, keyLength, rolloverSizeBytes, cancellationToken);

    public Task DeleteTableSegmentAsync(string segment, CancellationToken cancellationToken) =>
        client.DeleteTableSegmentAsync(segment, mustBeEmpty: false, cancellationToken);

    /// <summary>The policy as the wire's CreateSegment carries it (scale type byte and target rate).</summary>
    public static SegmentPolicy ToSegmentPolicy(ScalingPolicy policy) => policy.Type switch
    {
        ScaleType.ByRateInKBytesPerSec => new SegmentPolicy(SegmentScaleType.Throughput, policy.TargetRate),
        ScaleType.ByRateInEventsPerSec => new SegmentPolicy(SegmentScaleType.EventRate, policy.TargetRate),
        _ => new SegmentPolicy(SegmentScaleType.NoScaling, 0),
    };
}
