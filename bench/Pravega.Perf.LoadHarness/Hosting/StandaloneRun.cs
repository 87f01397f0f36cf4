using System.CommandLine;
using System.Diagnostics;
using Pravega.Perf.Client;

namespace Pravega.Perf.LoadHarness.Hosting;

/// <summary>
/// A client benchmark's life around one spawned <c>pravega standalone</c>: a fresh run folder under the data root, the
/// standalone on a free port, the work with a client configuration pointing at it, then the folder removed.
/// </summary>
internal sealed class StandaloneRun : IAsyncDisposable
{
    private readonly SpawnedSegmentStore _standalone;
    private readonly string _runDir;

    private StandaloneRun(SpawnedSegmentStore standalone, string runDir, int controllerPort)
    {
        _standalone = standalone;
        _runDir = runDir;
        Config = new ClientConfig { ControllerUri = new Uri($"tcp://127.0.0.1:{controllerPort}") };
    }

    /// <summary>A client configuration reaching the standalone's controller.</summary>
    public ClientConfig Config { get; }

    public static Option<string> ServerDllOption() =>
        new("--server-dll") { Description = "The pravega host to spawn.", DefaultValueFactory = _ => RepositoryPaths.DefaultServerDll() };

    public static Option<string> DataRootOption() =>
        new("--data-root") { Description = "Folder for the spawned standalone's data (on the disk under test).", DefaultValueFactory = _ => RepositoryPaths.DefaultDataRoot() };

    /// <summary>
    /// Spawns the standalone in a fresh folder named after <paramref name="name"/> and waits until it is ready for load:
    /// its controller listens, and the store has stopped writing on its own (a fresh store lays out its spare WAL files,
    /// 256 MiB of zeros each, in its first seconds). Disposing stops it and removes the folder.
    /// </summary>
    /// <remarks><c>settings</c>: configuration settings <c>KEY=VALUE</c> (e.g.
    /// <c>SegmentStore:WalSpareFileCount=4</c>), passed as <c>--KEY=VALUE</c>.</remarks>
    public static async Task<StandaloneRun> StartAsync(string serverDll, string dataRoot, string name, CancellationToken cancellationToken,
        IReadOnlyList<string>? settings = null)
    {
        var runDir = Path.Combine(dataRoot, $"{DateTime.UtcNow:yyyyMMdd-HHmmss}-{name}");
        var controllerPort = SpawnedSegmentStore.FreePort();
        var started = Stopwatch.GetTimestamp();
        var standalone = await SpawnedSegmentStore.StartAsync(serverDll, Path.Combine(runDir, "data"),
            ["--port", controllerPort.ToString(), "--Logging:LogLevel:Default=Warning", .. (settings ?? []).Select(SettingArgument)],
            cancellationToken, standalone: true).ConfigureAwait(false);
        var run = new StandaloneRun(standalone, runDir, controllerPort);
        try
        {
            Console.Error.WriteLine($"spawned standalone: pid {standalone.ProcessId}, controller port {controllerPort}, log {standalone.LogPath}");
            // The store listens before the controller does. A client that calls the controller too early backs off
            // (1 ms × 10 per attempt, ClientConfig), and its attempt after 1.1 s is followed by one after 11.1 s: that,
            // not the store, was the ~10 s a run used to take to start.
            await standalone.WaitUntilListeningAsync(controllerPort, TimeSpan.FromSeconds(60), cancellationToken).ConfigureAwait(false);
            var ready = Stopwatch.GetElapsedTime(started).TotalSeconds;
            await standalone.WaitUntilSettledAsync(TimeSpan.FromSeconds(120), cancellationToken).ConfigureAwait(false);
            Console.Error.WriteLine($"standalone ready in {ready:F1} s, settled in {Stopwatch.GetElapsedTime(started).TotalSeconds:F1} s" +
                (standalone.DiskWrittenBytes() is { } disk ? $" ({disk / 1048576.0:N0} MiB written to disk, mostly spare WAL files)" : ""));
        }
        catch
        {
            await run.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        return run;
    }

    /// <summary>Bytes the standalone has written to disk so far (/proc/&lt;pid&gt;/io <c>write_bytes</c>); null where
    /// unknown.</summary>
    public long? DiskWrittenBytes() => _standalone.DiskWrittenBytes();

    /// <summary><c>KEY=VALUE</c> → <c>--KEY=VALUE</c>, the host's configuration syntax.</summary>
    internal static string SettingArgument(string setting)
    {
        var equals = setting.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0 || setting.StartsWith('-'))
        {
            throw new ArgumentException($"--server-setting takes KEY=VALUE (e.g. SegmentStore:WalSpareFileCount=4), not '{setting}'");
        }
        return "--" + setting;
    }

    public static async Task RunAsync(string serverDll, string dataRoot, string name, Func<ClientConfig, Task> work, CancellationToken cancellationToken)
    {
        await using var run = await StartAsync(serverDll, dataRoot, name, cancellationToken).ConfigureAwait(false);
        await work(run.Config).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await _standalone.DisposeAsync().ConfigureAwait(false);
        try
        {
            Directory.Delete(_runDir, recursive: true);
        }
        catch (IOException)
        {
            // Left for the user.
        }
    }
}
