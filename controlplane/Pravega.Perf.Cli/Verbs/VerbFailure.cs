namespace Pravega.Perf.Cli.Verbs;

/// <summary>A failure a verb recognised itself: its exit code and the one line that tells the user what to do.</summary>
internal sealed class VerbFailure(int exitCode, string message) : Exception(message)
{
    public int ExitCode { get; } = exitCode;

    public static VerbFailure BadArguments(string message) => new(ExitCodes.BadArguments, message);

    public static VerbFailure NotFound(string message) => new(ExitCodes.NotFound, message);
}
