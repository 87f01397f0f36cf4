namespace Pravega.Perf.Controller.Cluster;

/// <summary>The periodic services whose streams are spread over buckets that controllers own (Pravega's <c>BucketStore.ServiceType</c>).</summary>
public enum BucketService
{
    Retention,
    Watermarking,
}

/// <summary>
/// Which controller owns which buckets of the retention and watermarking services, as <c>getControllerToBucketMapping</c>
/// reports it. With one controller it owns them all. Pravega keys the map by the controller's host id, a UUID drawn
/// afresh at every process start (<c>ControllerServiceStarter</c>), so a restarted controller shows a new id, as here.
/// </summary>
public sealed class ControllerBuckets(string controllerId, ControllerOptions options)
{
    /// <summary>This controller process's id.</summary>
    public string ControllerId { get; } = controllerId;

    /// <summary>How many buckets the service has (<see cref="ControllerOptions.RetentionBucketCount"/>, <see cref="ControllerOptions.WatermarkingBucketCount"/>).</summary>
    public int BucketCount(BucketService service) => service switch
    {
        BucketService.Retention => options.RetentionBucketCount,
        BucketService.Watermarking => options.WatermarkingBucketCount,
        _ => throw new ArgumentOutOfRangeException(nameof(service), service, "unknown bucket service"),
    };

    /// <summary>Controller id → the bucket ids it owns: every bucket, to this controller.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<int>> Mapping(BucketService service) =>
        new Dictionary<string, IReadOnlyList<int>> { [ControllerId] = Enumerable.Range(0, BucketCount(service)).ToList() };
}
