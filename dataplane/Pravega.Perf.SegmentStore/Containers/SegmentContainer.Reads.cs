using System.Buffers;
using Pravega.Perf.SegmentStore.Contracts.Exceptions;
using Pravega.Perf.SegmentStore.Contracts.Reading;
using Pravega.Perf.SegmentStore.Metadata;

namespace Pravega.Perf.SegmentStore.Containers;

internal sealed partial class SegmentContainer
{
    /// <summary>See <c>ISegmentStore.ReadAsync</c>: committed bytes only, from the cache or (evicted) from Tier-2, long
    /// poll at the tail. A reader catching up from history reaches the cached tail and then waits there, with no
    /// change of call.</summary>
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
            int read;
            try
            {
                read = segment.ReadIndex.ReadCached(offset, buffer.AsSpan(0, length));
                if (read == 0 && _storage is not null && TryGetStorageRange(segment, out var storageLength, out var startOffset)
                    && offset >= startOffset && offset < storageLength)
                {
                    // Evicted (or never loaded since recovery): the bytes are in Tier-2.
                    read = ReadFromStorage(segment, offset, buffer.AsSpan(0, length), storageLength, startOffset);
                }
            }
            catch
            {
                ArrayPool<byte>.Shared.Return(buffer);
                throw;
            }
            if (read <= 0)
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
            // Cached bytes stop at the first evicted block: the reader asks again from there (and gets Tier-2's).
            var atTail = offset + read == segmentLength;
            return new SegmentReadResult(offset, buffer, read, atTail, endOfSegment: atTail && isSealed);
        }
    }

    /// <summary>The segment's current storage length and start offset, unless it was removed meanwhile.</summary>
    private bool TryGetStorageRange(SegmentMetadata segment, out long storageLength, out long startOffset)
    {
        lock (_committedLock)
        {
            storageLength = segment.StorageLength;
            startOffset = segment.Committed.StartOffset;
            return !segment.Removed;
        }
    }
}
