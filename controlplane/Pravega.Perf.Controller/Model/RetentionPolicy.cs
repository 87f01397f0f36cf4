namespace Pravega.Perf.Controller.Model;

/// <summary>What a retention policy counts (proto values).</summary>
public enum RetentionType
{
    /// <summary>By age, in milliseconds.</summary>
    Time = 1,

    /// <summary>By size, in bytes.</summary>
    Size = 2,
}

/// <summary>Keep at least <see cref="Min"/> (ms or bytes) and at most <see cref="Max"/> of a stream (reference §1.4, §1.19).</summary>
public sealed record RetentionPolicy(RetentionType Type, long Min, long Max)
{
    /// <summary>The error in this policy, or null when it is valid.</summary>
    public string? Validate()
    {
        if (!Enum.IsDefined(Type))
        {
            return $"retentionPolicy.retentionType {(int)Type} is unknown";
        }
        if (Min < 0)
        {
            return "retentionPolicy.retentionParam must be >= 0";
        }
        return Max < Min ? "retentionPolicy.retentionMax must be >= retentionParam" : null;
    }
}
