namespace Pravega.Perf.LoadHarness.Drivers.Nats;

/// <summary>How the NATS JetStream driver publishes and what it says about durability.</summary>
public sealed record NatsDriverSettings
{
    /// <summary>Unacknowledged publishes per producer (JetStream's async publish window; issue 16's reference run used 256).</summary>
    public int MaxOutstanding { get; init; } = 256;

    /// <summary>
    /// The server's JetStream <c>sync_interval</c> as configured (bench/peers/nats.sh's third argument): <c>null</c> for
    /// the default (fsync every 2 minutes, an ack means the message reached the OS page cache), <c>always</c> for an
    /// fsync per message, or an interval such as <c>1s</c>. The server does not report it, so it is stated here.
    /// </summary>
    public string? SyncInterval { get; init; }

    /// <summary>Messages a consumer's pump keeps buffered ahead of <c>ReceiveAsync</c>, per partition it reads.</summary>
    public int ConsumerBuffer { get; init; } = 1024;

    /// <summary>What a JetStream publish ack means under <see cref="SyncInterval"/>.</summary>
    public string Durability => SyncInterval switch
    {
        null or "" or "default" => "JetStream file store, ack before fsync (sync_interval default: fsync every 2 min)",
        "always" => "JetStream file store, fsync per message before ack (sync_interval: always)",
        var interval => $"JetStream file store, ack before fsync (sync_interval: {interval})",
    };
}
