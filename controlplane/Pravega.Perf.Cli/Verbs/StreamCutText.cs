using System.Globalization;
using Pravega.Perf.Client.Streams;

namespace Pravega.Perf.Cli.Verbs;

/// <summary>
/// StreamCuts as text a user can copy from <c>stream info</c> into <c>stream read --from</c> or <c>stream truncate</c>:
/// <c>segmentId:offset</c> pairs joined by commas, e.g. <c>0:1024,1:2048</c> (segment ids as the controller gives them,
/// epoch in the high 32 bits).
/// </summary>
internal static class StreamCutText
{
    public static string Format(StreamCut cut) =>
        string.Join(",", cut.Positions.OrderBy(p => p.Key.SegmentId).Select(p => $"{p.Key.SegmentId}:{p.Value}"));

    public static StreamCut Parse(ScopedStream stream, string text)
    {
        var positions = new Dictionary<Segment, long>();
        foreach (var pair in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var colon = pair.IndexOf(':');
            if (colon <= 0
                || !long.TryParse(pair[..colon], NumberStyles.None, CultureInfo.InvariantCulture, out var segment)
                || !long.TryParse(pair[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var offset))
            {
                throw VerbFailure.BadArguments($"'{text}' is not a StreamCut: use segmentId:offset pairs joined by commas, as 'stream info' prints them");
            }
            positions[new Segment(stream, segment)] = offset;
        }
        return positions.Count == 0
            ? throw VerbFailure.BadArguments("the StreamCut is empty: use segmentId:offset pairs, as 'stream info' prints them")
            : new StreamCut(stream, positions);
    }
}
