namespace Pravega.Perf.Controller.Model;

/// <summary>Whether a reader group holds back retention (Pravega's <c>ReaderGroupConfig.StreamDataRetention</c>, proto values).</summary>
public enum ReaderGroupRetention
{
    /// <summary>Not a subscriber.</summary>
    None = 0,

    /// <summary>A subscriber that publishes its acknowledged StreamCut itself.</summary>
    ManualReleaseAtUserStreamCut = 1,

    /// <summary>A subscriber whose last completed checkpoint is its acknowledged StreamCut.</summary>
    AutomaticReleaseAtLastCheckpoint = 2,
}

/// <summary>A StreamCut of one stream inside a reader-group configuration (empty <see cref="Cut"/> = unbounded).</summary>
public sealed record StreamCutOfStream(string Scope, string Stream, IReadOnlyDictionary<long, long> Cut);

/// <summary>
/// A reader group's configuration exactly as the client sent it (Pravega's Java client compares what it sent with what
/// the controller answers, so nothing here is normalised), plus the generation the controller assigns on updates.
/// </summary>
public sealed record ReaderGroupConfiguration(
    string Scope,
    string ReaderGroupName,
    long GroupRefreshTimeMillis,
    long AutomaticCheckpointIntervalMillis,
    int MaxOutstandingCheckpointRequest,
    ReaderGroupRetention RetentionType,
    long Generation,
    string ReaderGroupId,
    IReadOnlyList<StreamCutOfStream> StartingStreamCuts,
    IReadOnlyList<StreamCutOfStream> EndingStreamCuts,
    long RolloverSizeBytes)
{
    /// <summary>The scoped names of the streams the group reads.</summary>
    public IEnumerable<(string Scope, string Stream)> Streams() =>
        StartingStreamCuts.Select(c => (c.Scope, c.Stream)).Distinct();

    /// <summary>The first error in this configuration, or null.</summary>
    public string? Validate()
    {
        if (StartingStreamCuts.Count == 0)
        {
            return "startingStreamCuts: a reader group reads at least one stream";
        }
        if (!Guid.TryParse(ReaderGroupId, out _))
        {
            return $"readerGroupId '{ReaderGroupId}' is not a UUID";
        }
        if (MaxOutstandingCheckpointRequest < 0)
        {
            return "maxOutstandingCheckpointRequest must be >= 0";
        }
        return Enum.IsDefined(RetentionType) ? null : $"retentionType {(int)RetentionType} is unknown";
    }

    /// <summary>Equal field by field, stream cuts compared by content.</summary>
    public bool SameAs(ReaderGroupConfiguration other) =>
        this with { StartingStreamCuts = [], EndingStreamCuts = [] } == other with { StartingStreamCuts = [], EndingStreamCuts = [] }
        && SameCuts(StartingStreamCuts, other.StartingStreamCuts) && SameCuts(EndingStreamCuts, other.EndingStreamCuts);

    private static bool SameCuts(IReadOnlyList<StreamCutOfStream> a, IReadOnlyList<StreamCutOfStream> b) =>
        a.Count == b.Count && a.Zip(b).All(p => p.First.Scope == p.Second.Scope && p.First.Stream == p.Second.Stream
            && p.First.Cut.Count == p.Second.Cut.Count
            && p.First.Cut.All(kv => p.Second.Cut.TryGetValue(kv.Key, out var v) && v == kv.Value));
}
