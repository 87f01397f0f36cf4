namespace Pravega.Perf.SegmentStore.Server.AutoScale;

/// <summary>
/// The segment store's half of auto-scaling (configuration section <c>AutoScale</c>), with Pravega's defaults
/// (reference §1.7: <c>autoScale.*</c>). Every timer is a setting, so tests run the whole cycle in seconds.
/// </summary>
public sealed class AutoScaleOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "AutoScale";

    /// <summary>The controller that receives scale requests (<c>http://host:9090</c>); empty = no auto-scaling.</summary>
    public string ControllerUri { get; set; } = string.Empty;

    /// <summary>How often rates are sampled and thresholds checked (Pravega: 5 s).</summary>
    public TimeSpan Tick { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The unit of the four rate windows (2, 5, 10 and 20 units) and of the age each threshold needs (Pravega: 1 minute).</summary>
    public TimeSpan WindowUnit { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>No decision before a segment's statistics are this old (Pravega: 10 minutes).</summary>
    public TimeSpan Cooldown { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>No repeat of a request in the same direction within this time (Pravega: 10 minutes).</summary>
    public TimeSpan Mute { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>A segment without traffic for this long is forgotten with a silent scale-down request (Pravega: 20 minutes).</summary>
    public TimeSpan CacheExpiry { get; set; } = TimeSpan.FromMinutes(20);
}
