namespace Pravega.Perf.SegmentStore.Contracts.Tables;

/// <summary>A table segment's state (wire <c>TableSegmentInfo</c>).</summary>
/// <param name="StartOffset">The segment's start offset (entries below it were compacted away).</param>
/// <param name="Length">The segment's length: the offset the next entry gets.</param>
/// <param name="EntryCount">Number of keys that currently have a value.</param>
/// <param name="KeyLength">The fixed key length, 0 for the hash layout.</param>
public readonly record struct TableSegmentInfo(long StartOffset, long Length, long EntryCount, int KeyLength);
