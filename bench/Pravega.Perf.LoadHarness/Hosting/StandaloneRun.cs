using System.CommandLine;
using Pravega.Perf.Client;

namespace Pravega.Perf.LoadHarness.Hosting;

/// <summary>
/// A client benchmark's life around one spawned <c>pravega standalone</c>: a fresh run folder under the data root, the
/// standalone on a free port, the work with a client configuration pointing at it, then the folder removed.
/// </summary>
internal static class StandaloneRun
{
    public static Option<string> ServerDllOption() =>
        new("--server-dll") { Description = "The pravega host to spawn.", DefaultValueFactory = _ => RepositoryPaths.DefaultServerDll() };

    public static Option<string> DataRootOption() =>
        new("--data-root") { Description = "Folder for the spawned standalone's data (on the disk under test).", DefaultValueFactory = _ => RepositoryPaths.DefaultDataRoot() };

    public static async Task RunAsync(string serverDll, string dataRoot, string name, Func<ClientConfig, Task> work, CancellationToken cancellationToken)
    {
        var runDir = Path.Combine(dataRoot, $"{DateTime.UtcNow:yyyyMMdd-HHmmss}-{name}");
        var controllerPort = SpawnedSegmentStore.FreePort();
        await using (var standalone = await SpawnedSegmentStore.StartAsync(serverDll, Path.Combine(runDir, "data"),
            ["--port", controllerPort.ToString(), "--Logging:LogLevel:Default=Warning"], cancellationToken, standalone: true).ConfigureAwait(false))
        {
            Console.Error.WriteLine($"spawned standalone: pid {standalone.ProcessId}, controller port {controllerPort}, log {standalone.LogPath}");
            await work(new ClientConfig { ControllerUri = new Uri($"tcp://127.0.0.1:{controllerPort}") }).ConfigureAwait(false);
        }
        try
        {
            Directory.Delete(runDir, recursive: true);
        }
        catch (IOException)
        {
            // Left for the user.
        }
    }
}
