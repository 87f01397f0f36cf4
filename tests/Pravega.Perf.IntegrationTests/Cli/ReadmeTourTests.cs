using System.Text.RegularExpressions;
using Pravega.Perf.IntegrationTests.Helpers;
using static Pravega.Perf.IntegrationTests.Helpers.ControllerHarness;

namespace Pravega.Perf.IntegrationTests.Cli;

/// <summary>
/// Runs README.md's tour exactly as written: the fenced block between <c>&lt;!-- tour:begin --&gt;</c> and
/// <c>&lt;!-- tour:end --&gt;</c>, as one bash script (<c>set -e</c>, so every command must exit 0, the backgrounded
/// writer too through <c>wait $!</c>), in a fresh folder, against a standalone of the test's own. Two substitutions
/// only: the prefix <c>dotnet run -c Release --no-build --project controlplane/Pravega.Perf.Cli --</c> becomes
/// <c>dotnet &lt;built pravega.dll&gt;</c>, and <c>PRAVEGA_CONTROLLER</c> (the verbs' default controller) names the
/// test's port instead of 9090. Then the outputs the README promises are checked.
/// </summary>
[Trait("Category", "Cli")]
public sealed partial class ReadmeTourTests
{
    private const string Prefix = "dotnet run -c Release --no-build --project controlplane/Pravega.Perf.Cli --";

    [GeneratedRegex(@"<!-- tour:begin -->\s*```sh\n(?<script>.*?)```\s*<!-- tour:end -->", RegexOptions.Singleline)]
    private static partial Regex TourBlock();

    [Fact]
    public async Task The_readme_tour_runs_as_written()
    {
        var readme = await File.ReadAllTextAsync(FindReadme(), Token);
        var script = TourBlock().Match(readme).Groups["script"].Value;
        Assert.Contains(Prefix, script);
        script = script.Replace(Prefix, $"dotnet {PravegaProcess.LocateCli()}", StringComparison.Ordinal);

        var directory = Directory.CreateTempSubdirectory("pravega-tour-").FullName;
        try
        {
            await using var standalone = await PravegaProcess.StartStandaloneAsync(Path.Combine(directory, "data"), PravegaProcess.FreePort(), PravegaProcess.FreePort(), Token);
            using var bash = CliRun.Start(["-e", "-c", script], directory,
                new Dictionary<string, string> { ["PRAVEGA_CONTROLLER"] = $"tcp://127.0.0.1:{standalone.EndPoint.Port}" }, fileName: "bash", cli: false);
            var result = await CliRun.WaitAsync(bash, null, TimeSpan.FromSeconds(120), Token);
            Assert.True(result.ExitCode == 0, result.ToString());

            // The two lines from stdin, read back in order (one routing key).
            Assert.Contains("hello\nworld\n", result.Out);
            Assert.Contains("scaled from 2 to 4 segments (epoch 1)", result.Out);
            var events = await File.ReadAllLinesAsync(Path.Combine(directory, "events.txt"), Token);
            Assert.Equal(["hello", "world"], events.Where(l => !l.StartsWith("key-", StringComparison.Ordinal)));
            EventOrder.AssertComplete(events, 300_000, 16);
            Assert.EndsWith("300000\nkey-7 0000299975" + new string('.', 100 - 16) + "\nkey-7 0000299991" + new string('.', 100 - 16) + "\n", result.Out);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static string FindReadme()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "README.md")) && Directory.Exists(Path.Combine(folder.FullName, "controlplane")))
            {
                return Path.Combine(folder.FullName, "README.md");
            }
        }
        throw new FileNotFoundException("README.md above the test folder");
    }
}
