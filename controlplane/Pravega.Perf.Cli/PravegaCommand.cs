using System.CommandLine;
using Pravega.Perf.Cli.Verbs;

namespace Pravega.Perf.Cli;

/// <summary>The root of the <c>pravega</c> command line: one verb per process kind, and the user verbs (Verbs/).</summary>
internal static class PravegaCommand
{
    public static RootCommand Build()
    {
        var root = new RootCommand("Pravega.Perf: durable, elastic, append-only streams (wire compatible with Pravega).");
        root.Subcommands.Add(Demo.DemoCommand.Build());
        root.Subcommands.Add(StandaloneCommand.Build());
        root.Subcommands.Add(ControllerCommand.Build());
        root.Subcommands.Add(SegmentStoreCommand.Build());
        root.Subcommands.Add(ScopeCommands.Build());
        root.Subcommands.Add(StreamCommands.Build());
        root.Subcommands.Add(ReaderGroupCommands.Build());
        root.Subcommands.Add(KvtCommands.Build());
        root.Options.Add(CommonOptions.Controller);
        root.Options.Add(CommonOptions.Json);
        return root;
    }
}
