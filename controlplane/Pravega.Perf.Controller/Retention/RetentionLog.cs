using Microsoft.Extensions.Logging;

namespace Pravega.Perf.Controller.Retention;

/// <summary>The retention job's log messages (event ids 170-179).</summary>
internal static partial class RetentionLog
{
    [LoggerMessage(170, LogLevel.Information, "Retention truncated {Scope}/{Stream} by its {Policy} policy at a cut of size {Size}")]
    public static partial void Truncated(ILogger logger, string scope, string stream, string policy, long size);

    [LoggerMessage(171, LogLevel.Warning, "Retention of {Scope}/{Stream}: truncation refused ({Status}): {Message}")]
    public static partial void TruncationRefused(ILogger logger, string scope, string stream, string status, string message);

    [LoggerMessage(172, LogLevel.Warning, "Retention of {Scope}/{Stream} failed; the next cycle retries")]
    public static partial void StreamFailed(ILogger logger, Exception exception, string scope, string stream);

    [LoggerMessage(173, LogLevel.Debug, "Retention cycle finished: {Truncated} stream(s) truncated")]
    public static partial void CycleFinished(ILogger logger, int truncated);

    [LoggerMessage(174, LogLevel.Error, "Retention cycle failed; the next one runs on time")]
    public static partial void CycleFailed(ILogger logger, Exception exception);
}
