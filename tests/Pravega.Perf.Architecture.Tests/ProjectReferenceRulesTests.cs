using System.Xml.Linq;

namespace Pravega.Perf.Architecture.Tests;

/// <summary>
/// Walks every project's <c>ProjectReference</c>s and checks them against the allowed directions of
/// ARCHITECTURE.md §6 (the table in STYLE.md §3). A new edge must be added here on purpose.
/// </summary>
public sealed class ProjectReferenceRulesTests
{
    private static readonly Dictionary<string, string[]> Allowed = new()
    {
        ["Pravega.Perf.Interop"] = [],
        ["Pravega.Perf.Common"] = ["Pravega.Perf.Interop"],
        ["Pravega.Perf.Wire"] = ["Pravega.Perf.Common"],
        ["Pravega.Perf.Transport"] = ["Pravega.Perf.Wire", "Pravega.Perf.Common", "Pravega.Perf.Interop"],
        ["Pravega.Perf.SegmentStore.Contracts"] = ["Pravega.Perf.Common"],
        ["Pravega.Perf.SegmentStore.Storage"] = ["Pravega.Perf.SegmentStore.Contracts", "Pravega.Perf.Common", "Pravega.Perf.Interop"],
        ["Pravega.Perf.SegmentStore"] = ["Pravega.Perf.SegmentStore.Contracts", "Pravega.Perf.SegmentStore.Storage", "Pravega.Perf.Common", "Pravega.Perf.Interop"],
        ["Pravega.Perf.SegmentStore.Server"] = ["Pravega.Perf.SegmentStore", "Pravega.Perf.SegmentStore.Contracts", "Pravega.Perf.Transport", "Pravega.Perf.Wire", "Pravega.Perf.Common", "Pravega.Perf.Controller.Contracts"],
        ["Pravega.Perf.Controller.Contracts"] = [],
        ["Pravega.Perf.Client"] = ["Pravega.Perf.Wire", "Pravega.Perf.Transport", "Pravega.Perf.Common", "Pravega.Perf.Controller.Contracts"],
        ["Pravega.Perf.Controller"] = ["Pravega.Perf.Controller.Contracts", "Pravega.Perf.Client", "Pravega.Perf.Common"],
        ["Pravega.Perf.Controller.Server"] = ["Pravega.Perf.Controller", "Pravega.Perf.Controller.Contracts"],
        ["Pravega.Perf.Cli"] = ["Pravega.Perf.SegmentStore.Server", "Pravega.Perf.Controller.Server", "Pravega.Perf.Client"],
        ["Pravega.Perf.LoadHarness"] = ["Pravega.Perf.Client", "Pravega.Perf.Testing", "Pravega.Perf.Wire", "Pravega.Perf.Common", "Pravega.Perf.Controller.Contracts"],
    };

    private static readonly string[] Hosts = ["Pravega.Perf.SegmentStore.Server", "Pravega.Perf.Controller.Server", "Pravega.Perf.Cli"];

    [Fact]
    public void EveryProductProjectHasAKnownPlaceInTheGraph()
    {
        var unknown = Projects().Keys.Where(p => !IsTestOrBench(p) && !Allowed.ContainsKey(p)).ToList();
        Assert.True(unknown.Count == 0, $"projects without a rule in ARCHITECTURE.md §6: {string.Join(", ", unknown)}");
    }

    [Fact]
    public void ProductProjectsReferenceOnlyWhatTheArchitectureAllows()
    {
        var broken = new List<string>();
        foreach (var (project, references) in Projects())
        {
            if (!Allowed.TryGetValue(project, out var allowed))
            {
                continue;
            }
            broken.AddRange(references.Where(r => !allowed.Contains(r)).Select(r => $"{project} -> {r}"));
        }
        Assert.True(broken.Count == 0, $"forbidden references: {string.Join("; ", broken)}");
    }

    [Fact]
    public void OnlyTheCliEndToEndTestsAndAHostsOwnTestsReferenceAHost()
    {
        var broken = Projects()
            .Where(p => p.Key is not "Pravega.Perf.Cli" and not "Pravega.Perf.IntegrationTests")
            // A host library's own unit-test project tests it, as every project's does (STYLE.md §3: tests -> the
            // project under test); nothing else may reach a host.
            .SelectMany(p => p.Value.Where(r => Hosts.Contains(r) && p.Key != r + ".Tests").Select(r => $"{p.Key} -> {r}"))
            .ToList();
        Assert.True(broken.Count == 0, $"hosts referenced outside the Cli and end-to-end tests: {string.Join("; ", broken)}");
    }

    [Fact]
    public void TheSegmentStoreEngineNeverReachesTheClientOrTheController()
    {
        var engine = Closure("Pravega.Perf.SegmentStore");
        var bad = engine.Where(p => p.StartsWith("Pravega.Perf.Client", StringComparison.Ordinal) || p.StartsWith("Pravega.Perf.Controller", StringComparison.Ordinal)).ToList();
        Assert.True(bad.Count == 0, $"the engine reaches {string.Join(", ", bad)}");
    }

    /// <remarks>Pravega.Perf.JavaCompat is the .NET half of the Java-client compatibility programs (tests/java-compat).</remarks>
    private static bool IsTestOrBench(string project) =>
        project.EndsWith("Tests", StringComparison.Ordinal) || project is "Pravega.Perf.Testing" or "Pravega.Perf.Benchmarks" or "Pravega.Perf.JavaCompat";

    private static HashSet<string> Closure(string start)
    {
        var graph = Projects();
        var seen = new HashSet<string>();
        var stack = new Stack<string>([start]);
        while (stack.Count > 0)
        {
            foreach (var r in graph.GetValueOrDefault(stack.Pop(), []))
            {
                if (seen.Add(r))
                {
                    stack.Push(r);
                }
            }
        }
        return seen;
    }

    private static Dictionary<string, string[]> Projects()
    {
        var root = RepositoryRoot();
        return Directory.EnumerateFiles(root, "*.csproj", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .ToDictionary(
                f => Path.GetFileNameWithoutExtension(f),
                f => XDocument.Load(f).Descendants("ProjectReference")
                    .Select(e => Path.GetFileNameWithoutExtension((string)e.Attribute("Include")!.Value.Replace('\\', '/')))
                    .ToArray());
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Pravega.Perf.sln")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? throw new InvalidOperationException("Pravega.Perf.sln not found above the test binaries");
    }
}
