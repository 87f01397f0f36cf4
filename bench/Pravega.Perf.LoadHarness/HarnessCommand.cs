using System.CommandLine;
using Pravega.Perf.LoadHarness.Raw;
using Pravega.Perf.LoadHarness.Suite;

namespace Pravega.Perf.LoadHarness;

/// <summary>The load harness's verbs: <c>raw</c> (one load over the wire protocol) and <c>suite</c> (fio, then issue 3's matrix).</summary>
internal static class HarnessCommand
{
    public static RootCommand Build()
    {
        var root = new RootCommand("Pravega.Perf load harness: throughput and ack latency of a segment store, against the disk's own fdatasync ceiling.");
        root.Subcommands.Add(RawCommand.Build());
        root.Subcommands.Add(SuiteCommand.Build());
        root.Subcommands.Add(Controller.ControllerBenchCommand.Build());
        root.Subcommands.Add(Controller.TransactionBenchCommand.Build());
        root.Subcommands.Add(ClientLoad.ClientCommand.BuildClient());
        root.Subcommands.Add(ClientLoad.ClientCommand.BuildCompare());
        root.Subcommands.Add(ClientLoad.ReadBenchCommand.Build());
        root.Subcommands.Add(ClientLoad.ByteStreamBenchCommand.Build());
        root.Subcommands.Add(Run.RunCommand.Build());
        return root;
    }
}
