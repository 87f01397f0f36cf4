namespace Pravega.Perf.SegmentStore.Wal;

/// <summary>Another owner opened the log with a newer epoch (or holds its lock); this one may no longer write.</summary>
public sealed class WalFencedException : IOException
{
    public WalFencedException(string message)
        : base(message)
    {
    }
}
