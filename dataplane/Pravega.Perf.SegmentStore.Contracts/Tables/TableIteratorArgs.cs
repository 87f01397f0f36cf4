namespace Pravega.Perf.SegmentStore.Contracts.Tables;

/// <summary>One page request of a key or entry iteration (wire <c>TableIteratorArgs</c> + suggested count).</summary>
/// <param name="MaxItems">The most items to return (the server may return fewer, never more).</param>
/// <param name="ContinuationToken">Empty for the first page; otherwise the token of the previous page (opaque, stable
/// across calls, updates, compaction and restarts: it names a position in key order, not an offset).</param>
/// <param name="FromKey">Fixed-key-length layout only: the smallest key wanted (inclusive); empty = no bound.</param>
/// <param name="ToKey">Fixed-key-length layout only: the largest key wanted (inclusive); empty = no bound.</param>
public readonly record struct TableIteratorArgs(int MaxItems, ReadOnlyMemory<byte> ContinuationToken = default,
    ReadOnlyMemory<byte> FromKey = default, ReadOnlyMemory<byte> ToKey = default);
