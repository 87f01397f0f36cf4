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

    /// <summary>Page size of list RPCs.</summary>
    public int ListPageSize { get; set; } = 100;

    /// <summary>How often the watermark job runs over the streams with writer marks (Pravega's <c>controller.watermarking.frequency.seconds</c>, 10 s).</summary>
    public TimeSpan WatermarkPeriod { get; set; } = TimeSpan.FromSeconds(10);
}
