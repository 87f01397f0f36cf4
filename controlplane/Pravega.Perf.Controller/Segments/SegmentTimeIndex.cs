using System.Buffers.Binary;
using Pravega.Perf.Common.Naming;

namespace Pravega.Perf.Controller.Segments;

/// <summary>
/// Reads a segment's <c>#index</c> segment through the wire protocol: 24-byte big-endian entries (the segment's length
/// after some appends, its event count, the time in Unix ms) that the segment store appends as the segment grows, so
/// entry times rise with entry offsets. The store truncates the index with its segment.
/// </summary>
public sealed class SegmentTimeIndex(IStreamSegmentStore segments)
{
    /// <summary>Size of an index entry.</summary>
    public const int EntrySize = 24;

    /// <summary>
    /// The offset of the first event appended at or after <paramref name="timeMillis"/>, never below the segment's start:
    /// the length recorded by the last entry older than the time. Appends not yet indexed count as later, so the result
    /// may include events from just before the time (the indexer's lag) but never excludes one from after it. Null
    /// when the segment no longer exists.
    /// </summary>
    public async Task<long?> OffsetAtAsync(string segment, long timeMillis, CancellationToken cancellationToken)
    {
        if (await segments.GetSegmentInfoAsync(segment, cancellationToken).ConfigureAwait(false) is not { } info)
        {
            return null;
        }
        var index = NameUtils.GetIndexSegmentName(segment);
        if (await segments.GetSegmentInfoAsync(index, cancellationToken).ConfigureAwait(false) is not { } indexInfo)
        {
            // Nothing indexed: every byte the segment still has may be from after the time.
            return info.StartOffset;
        }
        var count = (indexInfo.Length - indexInfo.StartOffset) / EntrySize;
        // Binary search for the first entry at or after the time; the one before it bounds what was written before.
        long low = 0, high = count;
        while (low < high)
        {
            var middle = low + ((high - low) / 2);
            var (_, time) = await ReadEntryAsync(index, indexInfo.StartOffset + (middle * EntrySize), cancellationToken).ConfigureAwait(false);
            if (time < timeMillis)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }
        if (low == 0)
        {
            return info.StartOffset;
        }
        var (offset, _) = await ReadEntryAsync(index, indexInfo.StartOffset + ((low - 1) * EntrySize), cancellationToken).ConfigureAwait(false);
        return Math.Max(offset, info.StartOffset);
    }

    private async Task<(long Offset, long Time)> ReadEntryAsync(string index, long position, CancellationToken cancellationToken)
    {
        var entry = new byte[EntrySize];
        var filled = 0;
        while (filled < EntrySize)
        {
            var data = await segments.ReadSegmentAsync(index, position + filled, EntrySize - filled, cancellationToken).ConfigureAwait(false);
            if (data.IsEmpty)
            {
                throw new InvalidOperationException($"index segment '{index}' ends inside the entry at {position}");
            }
            var take = Math.Min(data.Length, EntrySize - filled);
            data.Span[..take].CopyTo(entry.AsSpan(filled));
            filled += take;
        }
        return (BinaryPrimitives.ReadInt64BigEndian(entry), BinaryPrimitives.ReadInt64BigEndian(entry.AsSpan(16)));
    }
}
