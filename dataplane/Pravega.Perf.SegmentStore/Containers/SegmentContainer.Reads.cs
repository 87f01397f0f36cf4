using System.Buffers;
using Pravega.Perf.SegmentStore.Contracts.Exceptions;
using Pravega.Perf.SegmentStore.Contracts.Reading;
using Pravega.Perf.SegmentStore.Metadata;

namespace Pravega.Perf.SegmentStore.Containers;

internal sealed partial class SegmentContainer
{
    /// <summary>See <c>ISegmentStore.ReadAsync</c>: committed bytes only, long poll at the tail.</summary>
    public async ValueTask<SegmentReadResult> ReadAsync(string segmentName, long offset, int maxLength,
        CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, 1);
        while (true)
        {
            TailRead? wait = null;
            SegmentMetadata segment;
            int length;
            long segmentLength;
            bool isSealed;
            lock (_committedLock)
            {
                if (_stopped)
                {
                    return new SegmentReadResult(offset, null, 0, atTail: true, endOfSegment: false);
                }
                segment = CommittedSegment(segmentName);
                var state = segment.Committed;
                if (offset < state.StartOffset)
                {
                    throw new StreamSegmentTruncatedException(segmentName, state.StartOffset, offset);
                }
                if (offset > state.Length)
                {
                    throw new BadOffsetException(segmentName, offset, state.Length);
                }
                segmentLength = state.Length;
                isSealed = state.IsSealed;
                length = (int)Math.Min(Math.Min(maxLength, MaxReadLength), state.Length - offset);
                if (length == 0 && !isSealed)
                {
                    wait = new TailRead();
                    (segment.TailReads ??= []).Add(wait);
                }
            }

            if (wait is not null)
            {
                TailReadOutcome outcome;
                using (cancellationToken.Register(static s => ((TailRead)s!).Cancel(CancellationToken.None), wait))
                {
                    try
                    {
                        outcome = await wait.Task.ConfigureAwait(false);
                    }
                    catch (OperationCanceledException)
                    {
                        lock (_committedLock)
                        {
                            segment.TailReads?.Remove(wait);
                        }
                        throw new OperationCanceledException(cancellationToken);
                    }
                }
                switch (outcome)
                {
                    case TailReadOutcome.Shutdown:
                        return new SegmentReadResult(offset, null, 0, atTail: true, endOfSegment: false);
                    case TailReadOutcome.Gone:
                        throw new StreamSegmentNotExistsException(segmentName);
                    default:
                        continue;
                }
            }

            if (length == 0)
            {
                return new SegmentReadResult(offset, null, 0, atTail: true, endOfSegment: true);
            }
            var buffer = ArrayPool<byte>.Shared.Rent(length);
            if (!segment.ReadIndex.TryRead(offset, buffer.AsSpan(0, length)))
            {
                ArrayPool<byte>.Shared.Return(buffer);
                lock (_committedLock)
                {
                    if (!_committedByName.TryGetValue(segmentName, out var current) || !ReferenceEquals(current, segment))
                    {
                        throw new StreamSegmentNotExistsException(segmentName);
                    }
                    var start = Math.Max(segment.Committed.StartOffset, segment.ReadIndex.StartOffset);
                    throw new StreamSegmentTruncatedException(segmentName, start, offset);
                }
            }
            var atTail = offset + length == segmentLength;
            return new SegmentReadResult(offset, buffer, length, atTail, endOfSegment: atTail && isSealed);
        }
    }
}
