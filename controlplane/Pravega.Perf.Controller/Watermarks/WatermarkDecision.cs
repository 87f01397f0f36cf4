using Pravega.Perf.Client.Watermarks;

namespace Pravega.Perf.Controller.Watermarks;

/// <summary>What one round of the watermark job decided for a stream.</summary>
public enum WatermarkOutcome
{
    /// <summary>A new watermark, later than the previous one.</summary>
    Emitted,

    /// <summary>No writer is active: the stream leaves the job until a writer notes time again.</summary>
    NoActiveWriters,

    /// <summary>An active writer has not noted a time after the previous watermark: wait for it (or for it to time out).</summary>
    WaitingForWriters,

    /// <summary>The earliest active writer's time is not after the previous watermark's lower bound.</summary>
    TimeNotAdvanced,
}

/// <summary>A round's result: the outcome, the new watermark when emitted, and the writers to forget (inactive).</summary>
public sealed record WatermarkDecision(WatermarkOutcome Outcome, Watermark? Watermark, IReadOnlyList<string> InactiveWriters);
