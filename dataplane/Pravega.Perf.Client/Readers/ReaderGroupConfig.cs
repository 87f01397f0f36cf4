using Pravega.Perf.Client.Streams;

namespace Pravega.Perf.Client.Readers;

/// <summary>
/// What a reader group reads (Pravega's <c>ReaderGroupConfig</c>): one or more streams, each from a start cut to an
/// end cut (unbounded: from the head, with no end), and how its readers coordinate.
/// </summary>
public sealed record ReaderGroupConfig
{
    /// <summary>The streams read, each with its bounds.</summary>
    public IReadOnlyList<StreamRange> Streams { get; init; } = [];

    /// <summary>How often a reader looks at the group state (to take segments, hand them back, see checkpoints).
    /// Pravega's default is 3 s; ours is 1 s so that readers joining and leaving rebalance sooner.</summary>
    public TimeSpan GroupRefreshTime { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Checkpoints outstanding at once before <see cref="MaxNumberOfCheckpointsExceededException"/> (Pravega's default, 3).</summary>
    public int MaxOutstandingCheckpoints { get; init; } = 3;

    /// <summary>Reads <paramref name="stream"/> from its head with no end.</summary>
    public static ReaderGroupConfig ForStream(ScopedStream stream) => new() { Streams = [new StreamRange(stream)] };

    /// <summary>Reads <paramref name="stream"/> between two cuts (either may be unbounded).</summary>
    public static ReaderGroupConfig ForStream(ScopedStream stream, StreamCut start, StreamCut end) =>
        new() { Streams = [new StreamRange(stream, start, end)] };

    /// <summary>Reads each stream from where <paramref name="checkpoint"/> left it.</summary>
    public ReaderGroupConfig StartingAt(Checkpoint checkpoint) => this with
    {
        Streams = Streams.Select(s => s with { Start = checkpoint.Positions.TryGetValue(s.Stream, out var cut) ? cut : s.Start }).ToList(),
    };

    /// <summary>
    /// Reads each stream from the events appended at or after <paramref name="time"/> (a convenience Pravega users asked
    /// for): creating or resetting the group resolves the time to each stream's cut through the controller's
    /// <c>getStreamCutAt</c> (as <see cref="Admin.StreamManager.GetStreamCutAtAsync"/>), and the group then records and
    /// starts from that cut. A time before a stream's head starts at the head.
    /// </summary>
    public ReaderGroupConfig StartingAtTime(DateTimeOffset time) => this with
    {
        Streams = Streams.Select(s => s with { Start = null, StartTime = time }).ToList(),
    };

    /// <summary>A configuration no controller would accept, named.</summary>
    internal void Validate()
    {
        if (Streams.Count == 0)
        {
            throw new ArgumentException("a reader group reads at least one stream", nameof(Streams));
        }
        if (Streams.Select(s => s.Stream).Distinct().Count() != Streams.Count)
        {
            throw new ArgumentException("a stream is listed twice", nameof(Streams));
        }
        if (MaxOutstandingCheckpoints < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxOutstandingCheckpoints), MaxOutstandingCheckpoints, "at least 1");
        }
        if (GroupRefreshTime <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(GroupRefreshTime), GroupRefreshTime, "must be positive");
        }
        foreach (var range in Streams)
        {
            if (range.StartTime is not null && range.Start is { IsUnbounded: false })
            {
                throw new ArgumentException($"'{range.Stream}' has both a start cut and a start time", nameof(Streams));
            }
            foreach (var cut in new[] { range.Start, range.End })
            {
                if (cut is not null && cut.Stream != range.Stream)
                {
                    throw new ArgumentException($"a cut of '{cut.Stream}' bounds '{range.Stream}'", nameof(Streams));
                }
            }
        }
    }
}

/// <summary>A stream a group reads, from <see cref="Start"/> (null or unbounded: the head) to <see cref="End"/> (null or unbounded: no end).</summary>
public sealed record StreamRange(ScopedStream Stream, StreamCut? Start = null, StreamCut? End = null)
{
    /// <summary>Start instead at the stream's cut for this time (see <see cref="ReaderGroupConfig.StartingAtTime"/>); only without <see cref="Start"/>.</summary>
    public DateTimeOffset? StartTime { get; init; }
}
