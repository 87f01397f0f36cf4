namespace Pravega.Perf.LoadHarness.Hosting;

/// <summary>Where the harness finds the things it runs by default: the built <c>pravega</c> host and the fio script.</summary>
internal static class RepositoryPaths
{
    public const string ServerBuildCommand = "dotnet build controlplane/Pravega.Perf.Cli -c Release";

    /// <summary>The checkout the harness was built from: the first parent of its own folder holding Pravega.Perf.sln.</summary>
    public static string? FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Pravega.Perf.sln")))
            {
                return dir.FullName;
            }
        }
        return null;
    }

    public static string DefaultServerDll() =>
        Path.Combine(FindRoot() ?? ".", "controlplane", "Pravega.Perf.Cli", "bin", "Release", "net10.0", "pravega.dll");

    public static string DefaultFioScript() => Path.Combine(FindRoot() ?? ".", "bench", "fio-baseline.sh");

    /// <summary>Run folders go here unless told otherwise; it must be on the disk being measured, not a tmpfs.</summary>
    public static string DefaultDataRoot() => Path.Combine(Path.GetTempPath(), "pravega-bench");
}
