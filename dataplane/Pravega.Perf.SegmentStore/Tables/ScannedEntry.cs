namespace Pravega.Perf.SegmentStore.Tables;

/// <summary>One entry read by <see cref="SegmentEntryReader"/>; its memory is valid until the next read.</summary>
internal readonly record struct ScannedEntry(long Offset, EntryHeader Header, ReadOnlyMemory<byte> Key, ReadOnlyMemory<byte> Value)
{
    public long Version => Header.VersionAt(Offset);

    public long End => Offset + Header.TotalLength;
}
