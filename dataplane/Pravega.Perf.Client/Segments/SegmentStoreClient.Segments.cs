using System.Buffers;
using Pravega.Perf.Wire.Commands;
using Pravega.Perf.Wire.Replies;

namespace Pravega.Perf.Client.Segments;

public sealed partial class SegmentStoreClient
{
    /// <summary>Creates a stream segment measured under <paramref name="policy"/>; false when it already existed.</summary>
    public async Task<bool> CreateSegmentAsync(string segment, SegmentPolicy policy, long rolloverSizeBytes = 0, CancellationToken cancellationToken = default)
    {
        var reply = await RequestAsync(segment, id => new CreateSegment(id, segment, policy.TargetRate, (byte)policy.ScaleType, Token, rolloverSizeBytes),
            cancellationToken).ConfigureAwait(false);
        return reply.Kind switch
        {
            ReplyKind.Success => true,
            ReplyKind.SegmentExists => false,
            _ => throw Unexpected(segment, reply),
        };
    }

    /// <summary>Seals the segment; sealing a sealed segment succeeds. <see cref="SegmentNotFoundException"/> when it does not exist.</summary>
    public async Task SealSegmentAsync(string segment, CancellationToken cancellationToken = default)
    {
        var reply = await RequestAsync(segment, id => new SealSegment(id, segment, Token), cancellationToken).ConfigureAwait(false);
        if (reply.Kind is not (ReplyKind.Success or ReplyKind.Sealed))
        {
            throw Unexpected(segment, reply);
        }
    }

    /// <summary>Deletes the segment; false when it did not exist.</summary>
    public async Task<bool> DeleteSegmentAsync(string segment, CancellationToken cancellationToken = default)
    {
        var reply = await RequestAsync(segment, id => new DeleteSegment(id, segment, Token), cancellationToken).ConfigureAwait(false);
        return reply.Kind switch
        {
            ReplyKind.Success => true,
            ReplyKind.SegmentMissing => false,
            _ => throw Unexpected(segment, reply),
        };
    }

    /// <summary>Drops the segment's bytes before <paramref name="offset"/> (idempotent).</summary>
    public async Task TruncateSegmentAsync(string segment, long offset, CancellationToken cancellationToken = default)
    {
        var reply = await RequestAsync(segment, id => new TruncateSegment(id, segment, offset, Token), cancellationToken).ConfigureAwait(false);
        if (reply.Kind != ReplyKind.Success)
        {
            throw Unexpected(segment, reply);
        }
    }

    /// <summary>The segment's state; <see cref="SegmentInfo.Exists"/> is false for a missing segment.</summary>
    public async Task<SegmentInfo> GetSegmentInfoAsync(string segment, CancellationToken cancellationToken = default)
    {
        var reply = await RequestAsync(segment, id => new GetStreamSegmentInfo(id, segment, Token), cancellationToken).ConfigureAwait(false);
        return reply.Command switch
        {
            StreamSegmentInfo info => new SegmentInfo(segment, info.Exists, info.IsSealed, info.IsDeleted, info.LastModified, info.WriteOffset, info.StartOffset),
            _ when reply.Kind == ReplyKind.SegmentMissing => new SegmentInfo(segment, false, false, false, 0, 0, 0),
            _ => throw Unexpected(segment, reply),
        };
    }

    /// <summary>Changes the scaling policy the store measures the segment under.</summary>
    public async Task UpdateSegmentPolicyAsync(string segment, SegmentPolicy policy, CancellationToken cancellationToken = default)
    {
        var reply = await RequestAsync(segment, id => new UpdateSegmentPolicy(id, segment, policy.TargetRate, (byte)policy.ScaleType, Token), cancellationToken)
            .ConfigureAwait(false);
        if (reply.Kind != ReplyKind.Success)
        {
            throw Unexpected(segment, reply);
        }
    }

    /// <summary>Merges each source, in order, into <paramref name="target"/>; returns the target's length after each merge.</summary>
    public async Task<IReadOnlyList<long>> MergeSegmentsBatchAsync(string target, IReadOnlyList<string> sources, CancellationToken cancellationToken = default)
    {
        var names = sources.Select(s => new Wire.WireString(s)).ToArray();
        var reply = await RequestAsync(target, id => new MergeSegmentsBatch(id, target, names, Token), cancellationToken).ConfigureAwait(false);
        return reply.Command is SegmentsBatchMerged merged ? merged.NewTargetWriteOffset : throw Unexpected(target, reply);
    }

    /// <summary>
    /// Reads from <paramref name="offset"/>: the store answers what it has there (about <paramref name="suggestedLength"/>
    /// bytes, possibly fewer or more). At the tail of an open segment it waits until data arrives (a long poll, so no
    /// request timeout applies: cancel with <paramref name="cancellationToken"/>); at the end of a sealed segment the
    /// result says <see cref="SegmentReadResult.EndOfSegment"/>. Truncated data is <see cref="SegmentTruncatedException"/>.
    /// </summary>
    public async Task<SegmentReadResult> ReadAsync(string segment, long offset, int suggestedLength, CancellationToken cancellationToken = default)
    {
        var reply = await RequestAsync(segment, id => new ReadSegment(segment, offset, suggestedLength, Token, id), Timeout.InfiniteTimeSpan, cancellationToken).ConfigureAwait(false);
        // The reply was decoded from its own copy of the frame: its data can be handed out as it is.
        return reply.Command is SegmentRead read
            ? new SegmentReadResult(read.Offset, read.Data.IsSingleSegment ? read.Data.First : read.Data.ToArray(), read.AtTail, read.EndOfSegment)
            : throw Unexpected(segment, reply);
    }

    /// <summary>Reads up to <paramref name="maxLength"/> bytes at <paramref name="offset"/> (fewer at the tail, none past it).</summary>
    public async Task<ReadOnlyMemory<byte>> ReadSegmentAsync(string segment, long offset, int maxLength, CancellationToken cancellationToken = default)
    {
        var reply = await RequestAsync(segment, id => new ReadSegment(segment, offset, maxLength, Token, id), cancellationToken).ConfigureAwait(false);
        return reply.Command is SegmentRead read ? read.Data.ToArray() : throw Unexpected(segment, reply);
    }
}
