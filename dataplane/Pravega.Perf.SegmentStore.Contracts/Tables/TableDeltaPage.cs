namespace Pravega.Perf.SegmentStore.Contracts.Tables;

/// <summary>
/// One page of a delta read (wire <c>TableEntriesDeltaRead</c>): the entries written at or after a segment position,
/// in the order they were written, for callers that keep a copy of a table up to date.
/// </summary>
/// <param name="Entries">Updates with their versions; a removal has version <see cref="TableKey.NotExists"/> and an
/// empty value. A key may appear more than once (later wins).</param>
/// <param name="ShouldClear">True if the position asked for was compacted away: the page starts at the segment's start
/// offset instead and the caller must drop its copy and rebuild it from these entries on.</param>
/// <param name="ReachedEnd">True if the page reaches the current end of the segment.</param>
/// <param name="LastPosition">Where the next delta read continues.</param>
public sealed record TableDeltaPage(IReadOnlyList<TableEntry> Entries, bool ShouldClear, bool ReachedEnd, long LastPosition);
