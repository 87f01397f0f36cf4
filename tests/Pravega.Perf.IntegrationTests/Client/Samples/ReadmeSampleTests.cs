using Pravega.Perf.IntegrationTests.Helpers;

namespace Pravega.Perf.IntegrationTests.Client.Samples;

/// <summary>The client README's write-then-read sample is this project's <see cref="WriteThenReadSample"/>, and it works.</summary>
public sealed class ReadmeSampleTests
{
    [Fact]
    public void The_readme_shows_the_sample_as_compiled_here()
    {
        var root = RepositoryRoot();
        var sample = File.ReadAllText(Path.Combine(root, "tests/Pravega.Perf.IntegrationTests/Client/Samples/WriteThenReadSample.cs"));
        var body = sample[sample.IndexOf("public static class", StringComparison.Ordinal)..].ReplaceLineEndings("\n").TrimEnd();
        var readme = File.ReadAllText(Path.Combine(root, "dataplane/Pravega.Perf.Client/README.md")).ReplaceLineEndings("\n");
        Assert.Contains(body, readme, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_sample_writes_ten_events_and_reads_them_back()
    {
        await using var h = await ControllerHarness.StartAsync();
        var events = await WriteThenReadSample.RunAsync(new Uri($"tcp://127.0.0.1:{h.Controller.Address!.Port}"));
        Assert.Equal(Enumerable.Range(0, 10).Select(i => $"event {i}").Order(), events.Order());
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Pravega.Perf.sln")))
            {
                return directory.FullName;
            }
        }
        throw new DirectoryNotFoundException("no Pravega.Perf.sln above " + AppContext.BaseDirectory);
    }
}
