namespace Pravega.Perf.Controller.Server;

/// <summary>The controller host's settings (configuration section <c>ControllerServer</c>).</summary>
public sealed class ControllerServerOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "ControllerServer";

    /// <summary>gRPC port (HTTP/2 without TLS; Pravega's <c>controller.service.rpc.listener.port</c>); 0 picks a free one.</summary>
    public int Port { get; set; } = 9090;

    /// <summary>Address to listen on; "0.0.0.0" = every IPv4 interface.</summary>
    public string ListenAddress { get; set; } = "0.0.0.0";

    /// <summary>The host name clients are given by <c>getControllerServerList</c> (<c>pravega://</c> discovery).</summary>
    public string AdvertisedHost { get; set; } = "localhost";

    /// <summary>The port clients are given; null = the port listened on.</summary>
    public int? AdvertisedPort { get; set; }

    /// <summary>The segment store that owns every container, as HOST:PORT (Pravega clients connect to this host name).</summary>
    public string SegmentStore { get; set; } = "localhost:12345";
}
