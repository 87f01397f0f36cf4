using Microsoft.Extensions.Logging;

namespace Pravega.Perf.Controller;

/// <summary>The controller's log events: one line per workflow that changes something, nothing per query.</summary>
internal static partial class ControllerLog
{
    [LoggerMessage(100, LogLevel.Information, "Scope {Scope} created")]
    public static partial void ScopeCreated(ILogger logger, string scope);

    [LoggerMessage(101, LogLevel.Information, "Scope {Scope} deleted")]
    public static partial void ScopeDeleted(ILogger logger, string scope);

    [LoggerMessage(110, LogLevel.Information, "Stream {Scope}/{Stream} created with {Segments} segment(s)")]
    public static partial void StreamCreated(ILogger logger, string scope, string stream, int segments);

    [LoggerMessage(111, LogLevel.Information, "Stream {Scope}/{Stream} sealed")]
    public static partial void StreamSealed(ILogger logger, string scope, string stream);

    [LoggerMessage(112, LogLevel.Information, "Stream {Scope}/{Stream} deleted")]
    public static partial void StreamDeleted(ILogger logger, string scope, string stream);

    [LoggerMessage(113, LogLevel.Information, "Stream {Scope}/{Stream} scaled to epoch {Epoch}: {Sealed} segment(s) sealed, {Created} created")]
    public static partial void StreamScaled(ILogger logger, string scope, string stream, int epoch, int @sealed, int created);

    [LoggerMessage(114, LogLevel.Information, "Stream {Scope}/{Stream} updated (epoch {Epoch})")]
    public static partial void StreamUpdated(ILogger logger, string scope, string stream, int epoch);

    [LoggerMessage(115, LogLevel.Information, "Stream {Scope}/{Stream} truncated at a cut of {Segments} segment(s)")]
    public static partial void StreamTruncated(ILogger logger, string scope, string stream, int segments);

    [LoggerMessage(120, LogLevel.Information, "Resuming the {Workflow} workflow of {Scope}/{Stream} left by an earlier run")]
    public static partial void ResumingWorkflow(ILogger logger, string workflow, string scope, string stream);

    [LoggerMessage(121, LogLevel.Debug, "Workflow on {Scope}/{Stream} met a concurrent change, starting over: {Reason}")]
    public static partial void WorkflowConflict(ILogger logger, string scope, string stream, string reason);

    [LoggerMessage(122, LogLevel.Information, "Recovery: {Count} workflow(s) left by an earlier run finished in {ElapsedMs} ms")]
    public static partial void RecoveryFinished(ILogger logger, int count, long elapsedMs);

    [LoggerMessage(123, LogLevel.Error, "Recovery of workflow {Key} failed; it stays in the index and is retried at the next start or operation")]
    public static partial void RecoveryFailed(ILogger logger, Exception exception, string key);

    [LoggerMessage(130, LogLevel.Information, "Reader group {Scope}/{ReaderGroup} created")]
    public static partial void ReaderGroupCreated(ILogger logger, string scope, string readerGroup);

    [LoggerMessage(131, LogLevel.Information, "Reader group {Scope}/{ReaderGroup} deleted")]
    public static partial void ReaderGroupDeleted(ILogger logger, string scope, string readerGroup);

    [LoggerMessage(140, LogLevel.Information, "Auto-scale {Direction} of {Scope}/{Stream} segment {SegmentId}: {Outcome}")]
    public static partial void AutoScale(ILogger logger, string direction, string scope, string stream, long segmentId, string outcome);

    [LoggerMessage(150, LogLevel.Debug, "Watermark of {Scope}/{Stream}: [{Lower}, {Upper}] at a cut of {Segments} segment(s)")]
    public static partial void WatermarkEmitted(ILogger logger, string scope, string stream, long lower, long upper, int segments);

    [LoggerMessage(151, LogLevel.Information, "Writer {Writer} of {Scope}/{Stream} is inactive (no time after the last watermark within the aggregation timeout): forgotten")]
    public static partial void WriterInactive(ILogger logger, string scope, string stream, string writer);

    [LoggerMessage(152, LogLevel.Warning, "Watermark round of {Scope}/{Stream} failed; retried next round")]
    public static partial void WatermarkRoundFailed(ILogger logger, Exception exception, string scope, string stream);
}
