namespace Pravega.Perf.Client.Readers;

/// <summary>More checkpoints were initiated than the group allows outstanding (<see cref="ReaderGroupConfig.MaxOutstandingCheckpoints"/>).</summary>
public sealed class MaxNumberOfCheckpointsExceededException(int max)
    : InvalidOperationException($"{max} checkpoint(s) are outstanding already, the group's limit");

/// <summary>The reader group does not exist (never created, or deleted: its state stream is gone).</summary>
public sealed class ReaderGroupNotFoundException(string group, Exception? inner = null)
    : InvalidOperationException($"reader group '{group}' does not exist", inner);

/// <summary>The reader was declared offline (by <c>ReaderOfflineAsync</c>) and owns nothing any more: close it.</summary>
public sealed class ReaderNotInReaderGroupException(string reader)
    : InvalidOperationException($"reader '{reader}' is not in its reader group any more (declared offline)");
