namespace Pravega.Perf.Client.State;

/// <summary>
/// A point in a revisioned stream: the offset in its segment where a record starts, or where the next one will
/// (Pravega's <c>Revision</c>). Revisions of one stream are ordered by offset.
/// </summary>
public readonly record struct Revision(string Segment, long Offset)
{
    public override string ToString() => $"{Segment}@{Offset}";
}
