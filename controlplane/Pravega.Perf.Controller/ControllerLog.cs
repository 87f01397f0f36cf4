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

    [LoggerMessage(160, LogLevel.Information, "{Count} transaction(s) of {Scope}/{Stream} opened in epoch {TransactionEpoch} committed by a roll; epoch now {Epoch}")]
    public static partial void TransactionsRolled(ILogger logger, string scope, string stream, int count, int transactionEpoch, int epoch);

    [LoggerMessage(161, LogLevel.Warning, "Commit of {Count} transaction(s) of {Scope}/{Stream} failed; retried in {DelayMs} ms")]
    public static partial void TransactionCommitFailed(ILogger logger, Exception exception, int count, string scope, string stream, long delayMs);

    [LoggerMessage(162, LogLevel.Information, "Transaction {TransactionId} of {Scope}/{Stream} aborted: its lease expired")]
    public static partial void TransactionExpired(ILogger logger, string transactionId, string scope, string stream);

    [LoggerMessage(163, LogLevel.Information, "Recovery: {Count} active transaction(s) found ({Committing} committing, {Aborting} aborting)")]
    public static partial void TransactionsRecovered(ILogger logger, int count, int committing, int aborting);

    [LoggerMessage(164, LogLevel.Warning, "Lease check of transaction {TransactionId} of {Scope}/{Stream} failed; retried")]
    public static partial void TransactionLeaseCheckFailed(ILogger logger, Exception exception, string transactionId, string scope, string stream);

    [LoggerMessage(165, LogLevel.Warning, "Transaction {TransactionId} of {Scope}/{Stream} is committed, but noting its writer's time failed")]
    public static partial void TransactionCommittedHookFailed(ILogger logger, Exception exception, string transactionId, string scope, string stream);

    [LoggerMessage(150, LogLevel.Information, "Key-value table {Scope}/{KeyValueTable} created with {Partitions} partition(s)")]
    public static partial void KeyValueTableCreated(ILogger logger, string scope, string keyValueTable, int partitions);

    [LoggerMessage(151, LogLevel.Information, "Key-value table {Scope}/{KeyValueTable} deleted")]
    public static partial void KeyValueTableDeleted(ILogger logger, string scope, string keyValueTable);

    [LoggerMessage(170, LogLevel.Debug, "Watermark of {Scope}/{Stream}: [{Lower}, {Upper}] at a cut of {Segments} segment(s)")]
    public static partial void WatermarkEmitted(ILogger logger, string scope, string stream, long lower, long upper, int segments);

    [LoggerMessage(171, LogLevel.Information, "Writer {Writer} of {Scope}/{Stream} is inactive (no time after the last watermark within the aggregation timeout): forgotten")]
    public static partial void WriterInactive(ILogger logger, string scope, string stream, string writer);

    [LoggerMessage(172, LogLevel.Warning, "Watermark round of {Scope}/{Stream} failed; retried next round")]
    public static partial void WatermarkRoundFailed(ILogger logger, Exception exception, string scope, string stream);
}
