using System.CommandLine;

namespace Pravega.Perf.Cli;

/// <summary>The root of the <c>pravega</c> command line: one verb per process kind and, later, the user verbs.</summary>
internal static class PravegaCommand
{
    public static RootCommand Build()
    {
        var root = new RootCommand("Pravega.Perf: durable, elastic, append-only streams (wire compatible with Pravega).");
        root.Subcommands.Add(Demo.DemoCommand.Build());
        root.Subcommands.Add(StandaloneCommand.Build());
        root.Subcommands.Add(ControllerCommand.Build());
        root.Subcommands.Add(SegmentStoreCommand.Build());
        return root;
    }
}
