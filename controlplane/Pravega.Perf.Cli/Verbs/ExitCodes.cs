namespace Pravega.Perf.Cli.Verbs;

/// <summary>
/// The exit codes of the user verbs (README "Exit codes"): scripts branch on them, so they never change meaning.
/// </summary>
internal static class ExitCodes
{
    /// <summary>The verb did what was asked.</summary>
    public const int Success = 0;

    /// <summary>Something unexpected inside the CLI itself (a bug): the message says what.</summary>
    public const int InternalError = 1;

    /// <summary>Unknown verb or option, or an invalid value (name, number, size); nothing was sent to a server.</summary>
    public const int BadArguments = 2;

    /// <summary>The controller or a segment store could not be reached (down, wrong address, timed out).</summary>
    public const int Unreachable = 3;

    /// <summary>The scope, stream, reader group or key-value table named does not exist.</summary>
    public const int NotFound = 4;

    /// <summary>The server answered with a failure (refused, conflict, internal error on its side).</summary>
    public const int ServerFailure = 5;

    /// <summary>A local resource is unusable: a port already in use, a data folder without permission.</summary>
    public const int LocalResource = 6;
}
