namespace Pravega.Perf.LoadHarness.Drivers;

/// <summary>
/// A driver whose server the harness started itself and can watch: it reports how many bytes the server has written to
/// disk so far, so a run can set the disk's bytes against the payload's (write amplification).
/// </summary>
public interface IServerDiskCounter
{
    /// <summary>Bytes the server process has written to disk since it started (Linux: /proc/&lt;pid&gt;/io
    /// <c>write_bytes</c>); null when not known (not Linux, or the server was not started by the harness).</summary>
    long? ServerDiskWrittenBytes();
}
