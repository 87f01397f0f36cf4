using Microsoft.Extensions.Logging;

namespace Pravega.Perf.SegmentStore.Tables;

/// <summary>The table store's log events, source-generated so that disabled levels cost nothing.</summary>
internal static partial class TableStoreLog
{
    [LoggerMessage(1, LogLevel.Information,
        "Table segment '{Segment}' opened: {Keys} key(s), snapshot covered {SnapshotCovers}, scanned {ScannedBytes} bytes of [{From}, {To})")]
    public static partial void Opened(ILogger logger, string segment, int keys, long snapshotCovers, long scannedBytes, long from, long to);

    [LoggerMessage(2, LogLevel.Warning, "Table segment '{Segment}': index snapshot at {Offset} ignored: {Reason}")]
    public static partial void SnapshotIgnored(ILogger logger, string segment, long offset, string reason);

    [LoggerMessage(3, LogLevel.Debug, "Table segment '{Segment}': index snapshot of {Keys} key(s) covering {Covers} written at {Offset}")]
    public static partial void SnapshotWritten(ILogger logger, string segment, int keys, long covers, long offset);

    [LoggerMessage(4, LogLevel.Information,
        "Table segment '{Segment}' compacted: [{From}, {To}) processed, {Copied} live entr(y/ies) copied to the tail, head truncated")]
    public static partial void Compacted(ILogger logger, string segment, long from, long to, int copied);

    [LoggerMessage(5, LogLevel.Warning, "Table segment '{Segment}': background maintenance failed")]
    public static partial void MaintenanceFailed(ILogger logger, Exception exception, string segment);

    [LoggerMessage(6, LogLevel.Information, "Table segment '{Segment}': caught up with {Bytes} bytes appended by another writer")]
    public static partial void CaughtUp(ILogger logger, string segment, long bytes);
}
