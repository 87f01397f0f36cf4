namespace Pravega.Perf.SegmentStore.Contracts.Tables;

/// <summary>One page of a key or entry iteration.</summary>
/// <typeparam name="T"><see cref="TableKey"/> or <see cref="TableEntry"/> (with current versions).</typeparam>
/// <param name="Items">The items, in iteration order. Empty means the iteration is over.</param>
/// <param name="ContinuationToken">Pass it to get the next page. On an empty page it is the token that was passed in.</param>
public sealed record TableIteratorPage<T>(IReadOnlyList<T> Items, ReadOnlyMemory<byte> ContinuationToken);
