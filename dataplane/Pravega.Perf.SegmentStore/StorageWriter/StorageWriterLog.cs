using Microsoft.Extensions.Logging;

namespace Pravega.Perf.SegmentStore.StorageWriter;

/// <summary>The storage writer's log messages (source generated).</summary>
internal static partial class StorageWriterLog
{
    [LoggerMessage(EventId = 4001, Level = LogLevel.Warning,
        Message = "Container {ContainerId}: segment '{Segment}' holds {Actual} bytes in Tier-2 but {Recorded} were recorded; reconciled, {Skipped} bytes will not be written again")]
    public static partial void Reconciled(ILogger logger, int containerId, string segment, long recorded, long actual, long skipped);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Warning, Message = "Container {ContainerId}: Tier-2 reconciliation repaired {Report}")]
    public static partial void Tier2Repaired(ILogger logger, int containerId, string report);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Error,
        Message = "Container {ContainerId}: Tier-2 failed ({Error}); appends stay durable in the WAL, retrying in {DelayMs} ms")]
    public static partial void FlushFailed(ILogger logger, int containerId, string error, int delayMs, Exception exception);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Information, Message = "Container {ContainerId}: Tier-2 writes succeed again")]
    public static partial void FlushRecovered(ILogger logger, int containerId);

    [LoggerMessage(EventId = 4005, Level = LogLevel.Warning, Message = "Container {ContainerId}: read-ahead of '{Segment}' failed: {Error}")]
    public static partial void ReadAheadFailed(ILogger logger, int containerId, string segment, string error);

    [LoggerMessage(EventId = 4006, Level = LogLevel.Information, Message = "{WriteMode}")]
    public static partial void WriteMode(ILogger logger, string writeMode);
}
