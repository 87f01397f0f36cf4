using System.CommandLine;
using Pravega.Perf.LoadHarness.Hosting;
using Pravega.Perf.LoadHarness.Reporting;

namespace Pravega.Perf.LoadHarness;

/// <summary>The options every load verb shares: where the segment store is (or how to start one) and where results go.</summary>
internal sealed class TargetOptions
{
    private readonly Option<string> _segmentStore = new("--segmentstore")
    {
        Description = "host:port of a running segment store (ignored with --spawn).",
        DefaultValueFactory = _ => "127.0.0.1:12345",
    };

    private readonly Option<bool> _spawn;

    private readonly Option<string> _serverDll = new("--server-dll")
    {
        Description = "The pravega host to spawn (built with `" + RepositoryPaths.ServerBuildCommand + "`).",
        DefaultValueFactory = _ => RepositoryPaths.DefaultServerDll(),
    };

    private readonly Option<string> _dataRoot = new("--data-root")
    {
        Description = "Folder for the spawned segment store's fresh data directory (one per run) and the fio file; must be on the disk under test.",
        DefaultValueFactory = _ => RepositoryPaths.DefaultDataRoot(),
    };

    private readonly Option<bool> _keepData = new("--keep-data") { Description = "Keep the spawned segment store's data directory and log." };

    private readonly Option<bool> _settle = new("--settle")
    {
        Description = "After one event per session, wait until the spawned store stops writing on its own (it lays out its WAL files on first use) before the warm-up.",
        DefaultValueFactory = _ => true,
    };

    private readonly Option<string[]> _serverArgs = new("--server-arg")
    {
        Description = "Extra argument for the spawned segment store (repeatable), e.g. --server-arg=--containers --server-arg=4.",
        AllowMultipleArgumentsPerToken = false,
    };

    private readonly Option<long> _serverCache = ByteSize.Option("--server-cache",
        "Cache size of the spawned store (--SegmentStore:CacheSizeBytes). The storage writer flushes to Tier-2 and the cache evicts flushed bytes; with --server-arg=--SegmentStore:Tier2Enabled=false everything written stays in the cache, so a run can write at most this much.",
        6L << 30);

    private readonly Option<bool> _serverPreTouch = new("--server-pretouch")
    {
        Description = "Back the spawned store's whole cache with memory before it listens (--SegmentStore:CachePreTouch), so appends measure the steady state instead of first-touch page faults. Costs about 3 s per GiB of cache at start on this machine.",
        DefaultValueFactory = _ => false,
    };

    private readonly Option<OutputFormat> _output = new("--output")
    {
        Description = "Final results as table (markdown), json or csv.",
        DefaultValueFactory = _ => OutputFormat.Table,
    };

    private readonly Option<string?> _outputFile = new("--output-file") { Description = "Write the final results here instead of standard output." };

    public TargetOptions(bool spawnByDefault)
    {
        _spawn = new Option<bool>("--spawn")
        {
            Description = "Start a segment store for each run (dotnet <server-dll> segmentstore --data-dir <fresh dir> --port <free>) and kill it afterwards.",
            DefaultValueFactory = _ => spawnByDefault,
        };
    }

    public void AddTo(Command command)
    {
        foreach (var option in (Option[])[_segmentStore, _spawn, _serverDll, _dataRoot, _keepData, _settle, _serverCache, _serverPreTouch, _serverArgs, _output, _outputFile])
        {
            command.Options.Add(option);
        }
    }

    public SegmentStoreTarget Target(ParseResult parse) => new(
        parse.GetValue(_segmentStore)!,
        parse.GetValue(_spawn),
        parse.GetValue(_serverDll)!,
        parse.GetValue(_dataRoot)!,
        parse.GetValue(_keepData),
        parse.GetValue(_settle),
        [$"--SegmentStore:CacheSizeBytes={parse.GetValue(_serverCache)}",
            $"--SegmentStore:CachePreTouch={(parse.GetValue(_serverPreTouch) ? "true" : "false")}",
            .. parse.GetValue(_serverArgs) ?? []]);

    public OutputFormat Output(ParseResult parse) => parse.GetValue(_output);

    public string? OutputFile(ParseResult parse) => parse.GetValue(_outputFile);

    public string DataRoot(ParseResult parse) => parse.GetValue(_dataRoot)!;
}
