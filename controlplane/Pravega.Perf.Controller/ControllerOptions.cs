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

    /// <summary>Buckets that streams are spread over for periodic retention (Pravega's <c>retention.bucket.count</c>: 1).</summary>
    public int RetentionBucketCount { get; set; } = 1;

    /// <summary>Buckets that streams are spread over for periodic watermarking (Pravega's <c>watermarking.bucket.count</c>: 100).</summary>
    public int WatermarkingBucketCount { get; set; } = 100;

    /// <summary>How often the retention job records tail cuts and truncates streams by their policies (Pravega: 30 minutes).</summary>
    public TimeSpan RetentionPeriod { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Page size of list RPCs.</summary>
    public int ListPageSize { get; set; } = 100;

    /// <summary>The shortest lease a transaction may ask for (Pravega: <c>transaction.lease.count.min</c> = 10 s).</summary>
    public TimeSpan TransactionLeaseMin { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The longest lease (Pravega: <c>transaction.lease.count.max</c> = 600 s).</summary>
    public TimeSpan TransactionLeaseMax { get; set; } = TimeSpan.FromSeconds(600);

    /// <summary>No transaction stays open longer, pings or not (Pravega: <c>transaction.execution.timeBound.days</c> = 1).</summary>
    public TimeSpan TransactionMaxExecutionTime { get; set; } = TimeSpan.FromDays(1);

    /// <summary>How long COMMITTED and ABORTED transactions are remembered (Pravega: <c>transaction.ttl.hours</c> = 24).</summary>
    public TimeSpan CompletedTransactionTtl { get; set; } = TimeSpan.FromHours(24);

    /// <summary>At most this many records in <c>listCompletedTransactions</c> (Pravega: 500).</summary>
    public int ListCompletedTransactionsMax { get; set; } = 500;

    /// <summary>How often expired leases are looked for; a lease is aborted at most this late.</summary>
    public TimeSpan TransactionLeaseCheckPeriod { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How often the watermark job runs over the streams with writer marks (Pravega's <c>controller.watermarking.frequency.seconds</c>, 10 s).</summary>
    public TimeSpan WatermarkPeriod { get; set; } = TimeSpan.FromSeconds(10);
}
