namespace Pravega.Perf.Controller.Model;

/// <summary>
/// A stream's configuration (Pravega's <c>StreamConfiguration</c>): scaling, optional retention, tags, the watermark
/// writer-inactivity timeout and the Tier-2 chunk rollover size (0 = the store's default).
/// </summary>
public sealed record StreamConfiguration(
    ScalingPolicy Scaling,
    RetentionPolicy? Retention,
    IReadOnlyList<string> Tags,
    long TimestampAggregationTimeout,
    long RolloverSizeBytes)
{
    /// <summary>Pravega's limits on tags: fewer than 128, each shorter than 256 characters.</summary>
    public const int MaxTags = 127;

    /// <summary>Longest tag.</summary>
    public const int MaxTagLength = 255;

    /// <summary>One segment, no retention, no tags.</summary>
    public static StreamConfiguration Fixed(int segments) => new(ScalingPolicy.Fixed(segments), null, [], 0, 0);

    /// <summary>The first error in this configuration, or null.</summary>
    public string? Validate()
    {
        var error = Scaling.Validate() ?? Retention?.Validate();
        if (error is not null)
        {
            return error;
        }
        if (Tags.Count > MaxTags)
        {
            return $"tags: at most {MaxTags} tags";
        }
        if (Tags.Any(t => string.IsNullOrEmpty(t) || t.Length > MaxTagLength))
        {
            return $"tags: each tag must have 1 to {MaxTagLength} characters";
        }
        if (TimestampAggregationTimeout < 0)
        {
            return "timestampAggregationTimeout must be >= 0";
        }
        return RolloverSizeBytes < 0 ? "rolloverSizeBytes must be >= 0" : null;
    }

    /// <summary>Same configuration ignoring tag order and duplicates (repeated creates compare with this).</summary>
    public bool SameAs(StreamConfiguration other) =>
        Scaling == other.Scaling && Retention == other.Retention
        && TimestampAggregationTimeout == other.TimestampAggregationTimeout && RolloverSizeBytes == other.RolloverSizeBytes
        && new HashSet<string>(Tags, StringComparer.Ordinal).SetEquals(other.Tags);
}
