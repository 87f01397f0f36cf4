using System.CommandLine;
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

    /// <summary>Spawns the standalone in a fresh folder named after <paramref name="name"/>; disposing stops it and removes the folder.</summary>
    public static async Task<StandaloneRun> StartAsync(string serverDll, string dataRoot, string name, CancellationToken cancellationToken)
    {
        var runDir = Path.Combine(dataRoot, $"{DateTime.UtcNow:yyyyMMdd-HHmmss}-{name}");
        var controllerPort = SpawnedSegmentStore.FreePort();
        var standalone = await SpawnedSegmentStore.StartAsync(serverDll, Path.Combine(runDir, "data"),
            ["--port", controllerPort.ToString(), "--Logging:LogLevel:Default=Warning"], cancellationToken, standalone: true).ConfigureAwait(false);
        Console.Error.WriteLine($"spawned standalone: pid {standalone.ProcessId}, controller port {controllerPort}, log {standalone.LogPath}");
        return new StandaloneRun(standalone, runDir, controllerPort);
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
