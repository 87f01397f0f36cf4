namespace Pravega.Perf.SegmentStore.Metadata;

internal enum TailReadOutcome
{
    /// <summary>The segment changed (data appended or sealed): read again.</summary>
    Changed,

    /// <summary>The segment was deleted or merged away.</summary>
    Gone,

    /// <summary>The container is stopping.</summary>
    Shutdown,
}
