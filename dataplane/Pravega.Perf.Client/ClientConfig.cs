using Pravega.Perf.Client.Segments;

namespace Pravega.Perf.Client;

/// <summary>
/// Where the controller is and how patiently to talk to it (Pravega's <c>ClientConfig</c>). <see cref="ControllerUri"/>
/// is <c>tcp://host:port</c> (that controller) or <c>pravega://host:port</c> (that one, and the others it lists through
/// <c>getControllerServerList</c>: a call that finds a controller UNAVAILABLE goes to the next one); TLS schemes are not
/// supported yet. (System.Uri does not hold Pravega's comma-separated host lists.)
/// </summary>
public sealed record ClientConfig
{
    /// <summary>The controller (default: a local standalone).</summary>
    public Uri ControllerUri { get; init; } = new("tcp://127.0.0.1:9090");

    /// <summary>Deadline of one controller call.</summary>
    public TimeSpan ControllerCallTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Attempts of a controller call that found it unavailable (Pravega: 10).</summary>
    public int ControllerRetryAttempts { get; init; } = 10;

    /// <summary>First pause between attempts (Pravega: 1 ms), multiplied by <see cref="ControllerBackoffMultiplier"/> up to <see cref="ControllerMaxBackoff"/>.</summary>
    public TimeSpan ControllerInitialBackoff { get; init; } = TimeSpan.FromMilliseconds(1);

    /// <summary>Pravega: 10.</summary>
    public int ControllerBackoffMultiplier { get; init; } = 10;

    /// <summary>Pravega: 20 s.</summary>
    public TimeSpan ControllerMaxBackoff { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>Connections, timeouts and retries of segment-store requests.</summary>
    public SegmentStoreClientOptions SegmentStore { get; init; } = new();
}
