namespace Pravega.Perf.Controller;

/// <summary>The controller's settings (configuration section <c>Controller</c>).</summary>
public sealed class ControllerOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Controller";

    /// <summary>Segment containers; must equal every segment store's <c>SegmentStore:ContainerCount</c> (Pravega's default is 4).</summary>
    public int ContainerCount { get; set; } = 4;

    /// <summary>How old a cached stream view may be before it is checked against the stored head record.</summary>
    public TimeSpan MetadataCacheMaxAge { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Auto-scale requests older than this are dropped (Pravega: 10 minutes).</summary>
    public TimeSpan ScaleRequestMaxAge { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How long a segment that asked to scale down stays a merge candidate (Pravega: 10 minutes).</summary>
    public TimeSpan ColdSegmentDuration { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How often the retention job records tail cuts and truncates streams by their policies (Pravega: 30 minutes).</summary>
    public TimeSpan RetentionPeriod { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Page size of list RPCs.</summary>
    public int ListPageSize { get; set; } = 100;
}
