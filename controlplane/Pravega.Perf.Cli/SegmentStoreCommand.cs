using System.CommandLine;

namespace Pravega.Perf.Cli;

/// <summary><c>pravega segmentstore</c>: runs the segment store (data plane) alone.</summary>
internal static class SegmentStoreCommand
{
    public static Command Build()
    {
        var dataDir = new Option<string>("--data-dir") { Description = "Folder for the WAL and Tier-2 data.", DefaultValueFactory = _ => "./data" };
        var port = new Option<int>("--port") { Description = "TCP port of the wire protocol listener.", DefaultValueFactory = _ => 12345 };
        var command = new Command("segmentstore", "Run the segment store.") { dataDir, port };
        command.SetAction((parse, ct) =>
        {
            Console.Error.WriteLine("The segment store host is being built (issue 3); nothing to start yet.");
            return Task.FromResult(1);
        });
        return command;
    }
}
