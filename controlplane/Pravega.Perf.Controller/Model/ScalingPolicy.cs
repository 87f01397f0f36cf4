namespace Pravega.Perf.Controller.Model;

/// <summary>How a stream's segment count follows its load (reference §1.3). Values are the proto enum's.</summary>
public enum ScaleType
{
    /// <summary>A fixed number of segments; auto-scaling ignores the stream.</summary>
    FixedNumSegments = 0,

    /// <summary>Scale on the segments' write rate in KiB/s.</summary>
    ByRateInKBytesPerSec = 1,

    /// <summary>Scale on the segments' event rate in events/s.</summary>
    ByRateInEventsPerSec = 2,
}

/// <summary>
/// A stream's scaling policy: <see cref="MinNumSegments"/> is the initial segment count and the floor for merges,
/// <see cref="ScaleFactor"/> the most pieces one segment splits into, <see cref="TargetRate"/> the per-segment rate the
/// policy aims for (KiB/s or events/s).
/// </summary>
public sealed record ScalingPolicy(ScaleType Type, int TargetRate, int ScaleFactor, int MinNumSegments)
{
    /// <summary>A fixed policy of <paramref name="segments"/> segments.</summary>
    public static ScalingPolicy Fixed(int segments) => new(ScaleType.FixedNumSegments, 0, 0, segments);

    /// <summary>The error in this policy, or null when it is valid (the rules of Pravega's <c>ScalingPolicy</c>).</summary>
    public string? Validate()
    {
        if (MinNumSegments <= 0)
        {
            return "scalingPolicy.minNumSegments must be > 0";
        }
        if (Type == ScaleType.FixedNumSegments)
        {
            return null;
        }
        if (!Enum.IsDefined(Type))
        {
            return $"scalingPolicy.scaleType {(int)Type} is unknown";
        }
        if (TargetRate <= 0)
        {
            return "scalingPolicy.targetRate must be > 0 for a rate-based policy";
        }
        return ScaleFactor <= 0 ? "scalingPolicy.scaleFactor must be > 0 for a rate-based policy" : null;
    }
}
