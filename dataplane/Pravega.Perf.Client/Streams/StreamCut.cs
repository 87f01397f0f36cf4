namespace Pravega.Perf.Client.Streams;

/// <summary>
/// A position in a stream: an offset in each of a set of segments that together cover the key space (Pravega's
/// <c>StreamCut</c>). <see cref="Positions"/> empty means unbounded: the head as a start, the tail as an end.
/// </summary>
public sealed record StreamCut(ScopedStream Stream, IReadOnlyDictionary<Segment, long> Positions)
{
    /// <summary>An unbounded cut of <paramref name="stream"/>.</summary>
    public static StreamCut Unbounded(ScopedStream stream) => new(stream, new Dictionary<Segment, long>());

    public bool IsUnbounded => Positions.Count == 0;

    /// <summary>Same stream and the same offsets.</summary>
    public bool SameAs(StreamCut other) =>
        Stream == other.Stream && Positions.Count == other.Positions.Count
        && Positions.All(p => other.Positions.TryGetValue(p.Key, out var offset) && offset == p.Value);
}
