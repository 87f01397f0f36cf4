namespace Pravega.Perf.Client.Streams;

/// <summary>How a stream's segment count follows its load (Pravega's <c>ScalingPolicy</c>).</summary>
public sealed record ScalingPolicy(ScalingPolicy.Kind Type, int TargetRate, int ScaleFactor, int MinNumSegments)
{
    /// <summary>The policy kinds, with the controller API's values.</summary>
    public enum Kind
    {
        FixedNumSegments = 0,
        ByRateInKBytesPerSec = 1,
        ByRateInEventsPerSec = 2,
    }

    /// <summary>A fixed number of segments.</summary>
    public static ScalingPolicy Fixed(int segments) => new(Kind.FixedNumSegments, 0, 1, segments);

    /// <summary>Split a segment when it takes more than <paramref name="targetEventsPerSecond"/> (into at most
    /// <paramref name="scaleFactor"/> pieces), merge when it takes less, never below <paramref name="minNumSegments"/>.</summary>
    public static ScalingPolicy ByEventRate(int targetEventsPerSecond, int scaleFactor, int minNumSegments) =>
        new(Kind.ByRateInEventsPerSec, targetEventsPerSecond, scaleFactor, minNumSegments);

    /// <summary>As <see cref="ByEventRate"/>, on KiB/s.</summary>
    public static ScalingPolicy ByDataRate(int targetKiBPerSecond, int scaleFactor, int minNumSegments) =>
        new(Kind.ByRateInKBytesPerSec, targetKiBPerSecond, scaleFactor, minNumSegments);
}

/// <summary>How much of a stream to keep (Pravega's <c>RetentionPolicy</c>): at least <see cref="Min"/>, at most <see cref="Max"/>.</summary>
public sealed record RetentionPolicy(RetentionPolicy.Kind Type, long Min, long Max)
{
    /// <summary>What the limits count, with the controller API's values.</summary>
    public enum Kind
    {
        Time = 1,
        Size = 2,
    }

    public static RetentionPolicy ByTime(TimeSpan min, TimeSpan? max = null) =>
        new(Kind.Time, (long)min.TotalMilliseconds, max is { } m ? (long)m.TotalMilliseconds : long.MaxValue);

    public static RetentionPolicy BySize(long minBytes, long maxBytes = long.MaxValue) => new(Kind.Size, minBytes, maxBytes);
}

/// <summary>A stream's configuration (Pravega's <c>StreamConfiguration</c>); the default is one fixed segment.</summary>
public sealed record StreamConfiguration
{
    public ScalingPolicy Scaling { get; init; } = ScalingPolicy.Fixed(1);

    public RetentionPolicy? Retention { get; init; }

    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>How long a writer may stay silent before watermarks stop waiting for it (0 = the controller's default).</summary>
    public TimeSpan TimestampAggregationTimeout { get; init; }

    /// <summary>Tier-2 chunk size of the stream's segments (0 = the store's default).</summary>
    public long RolloverSizeBytes { get; init; }
}

/// <summary>What <see cref="Admin.StreamManager.GetStreamInfoAsync"/> answers: the configuration, where the stream begins and ends now, and whether it is sealed.</summary>
public sealed record StreamInfo(ScopedStream Stream, StreamConfiguration Configuration, StreamCut HeadStreamCut, StreamCut TailStreamCut, bool IsSealed);
