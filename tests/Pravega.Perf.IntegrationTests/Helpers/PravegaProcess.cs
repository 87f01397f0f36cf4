using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Pravega.Perf.IntegrationTests.Helpers;

/// <summary>
/// The built <c>pravega</c> executable as a child process on a loopback port (<c>segmentstore</c> on a data directory,
/// or <c>controller</c> against a store), for tests that kill it.
/// </summary>
public sealed class PravegaProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private PravegaProcess(Process process, IPEndPoint endPoint)
    {
        _process = process;
        EndPoint = endPoint;
    }

    public IPEndPoint EndPoint { get; }

    public int ProcessId => _process.Id;

    /// <summary>The last lines the child wrote, for failure messages.</summary>
    public string RecentOutput => string.Join(Environment.NewLine, _output);

    /// <summary>A port that was free a moment ago.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The <c>pravega.dll</c> copied next to the tests (the Cli is a project reference).</summary>
    public static string LocateCli()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "pravega.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException($"the built Cli is missing: {path}", path);
    }

    /// <summary>Starts the child and waits (bounded by <paramref name="cancellationToken"/>) until it accepts connections.</summary>
    /// <param name="dataDirectory">The store's data directory.</param>
    /// <param name="port">The loopback port to listen on.</param>
    /// <param name="cancellationToken">Bounds the wait.</param>
    /// <param name="extraArguments">More <c>--Section:Key=value</c> settings (later ones win), such as <c>--Tables:MinCompactionLength=4096</c>.</param>
    public static async Task<PravegaProcess> StartAsync(string dataDirectory, int port, CancellationToken cancellationToken,
        IEnumerable<string>? extraArguments = null)
    {
        string[] arguments =
        [
            LocateCli(), "segmentstore", "--data-dir", dataDirectory, "--port", port.ToString(),
            "--Server:ListenAddress=127.0.0.1",
            "--SegmentStore:ContainerCount=2",
            $"--SegmentStore:WalFileSize={LiveServer.SmallWalFileSize}",
            "--SegmentStore:CacheSizeBytes=268435456",
            "--Logging:LogLevel:Default=Warning",
        ];
        return await LaunchAsync(arguments.Concat(TestBackends.Arguments()).Concat(extraArguments ?? []), port, cancellationToken);
    }

    /// <summary>Starts <c>pravega controller</c> on <paramref name="port"/> against the store at <paramref name="storePort"/>
    /// (4 containers) and waits until it accepts connections.</summary>
    public static Task<PravegaProcess> StartControllerAsync(int port, int storePort, CancellationToken cancellationToken) =>
        LaunchAsync(
        [
            LocateCli(), "controller", "--segmentstore", $"127.0.0.1:{storePort}", "--port", port.ToString(), "--containers", "4",
            "--ControllerServer:ListenAddress=127.0.0.1", "--Logging:LogLevel:Default=Warning",
            "--Logging:LogLevel:Pravega.Perf.Controller=Information",
        ], port, cancellationToken);

    /// <summary>Starts <c>pravega standalone</c> on a data directory with its controller on <paramref name="port"/> and its
    /// store on <paramref name="storePort"/>, and waits until the controller accepts connections.</summary>
    public static Task<PravegaProcess> StartStandaloneAsync(string dataDirectory, int port, int storePort, CancellationToken cancellationToken) =>
        LaunchAsync(
        [
            LocateCli(), "standalone", "--data-dir", dataDirectory, "--port", port.ToString(), "--segmentstore-port", storePort.ToString(),
            "--Server:ListenAddress=127.0.0.1", "--ControllerServer:ListenAddress=127.0.0.1",
            $"--SegmentStore:WalFileSize={LiveServer.SmallWalFileSize}", "--SegmentStore:CacheSizeBytes=268435456",
            "--Logging:LogLevel:Default=Warning", "--Logging:LogLevel:Pravega.Perf.Controller=Information",
        ], port, cancellationToken);

    /// <summary>Starts <c>pravega</c> with <paramref name="arguments"/> (e.g. <c>demo pipeline …</c>) without waiting for a port.</summary>
    public static PravegaProcess Start(IEnumerable<string> arguments) => Launch([LocateCli(), .. arguments], 0);

    /// <summary>Whether the child has ended (killed, or by itself).</summary>
    public bool HasExited => _process.HasExited;

    private static async Task<PravegaProcess> LaunchAsync(IEnumerable<string> arguments, int port, CancellationToken cancellationToken)
    {
        var child = Launch(arguments, port);
        try
        {
            await child.WaitUntilListeningAsync(cancellationToken);
        }
        catch
        {
            await child.DisposeAsync();
            throw;
        }
        return child;
    }

    private static PravegaProcess Launch(IEnumerable<string> arguments, int port)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        var process = Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start");
        var child = new PravegaProcess(process, new IPEndPoint(IPAddress.Loopback, port));
        process.OutputDataReceived += (_, e) => child.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => child.Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>SIGKILL: no shutdown code runs in the child.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
        _process.WaitForExit();
    }

    /// <summary>SIGTERM (through kill(1)): the host drains and stops. Returns the exit code, waiting at most
    /// <paramref name="timeout"/>.</summary>
    public async Task<int> TerminateAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString()]))
        {
            await kill.WaitForExitAsync(cancellationToken);
        }
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bound.CancelAfter(timeout);
        await _process.WaitForExitAsync(bound.Token);
        return _process.ExitCode;
    }

    public ValueTask DisposeAsync()
    {
        Kill();
        _process.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task WaitUntilListeningAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"the child process exited with {_process.ExitCode}:{Environment.NewLine}{RecentOutput}");
            }
            using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                await probe.ConnectAsync(EndPoint, cancellationToken);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(50, cancellationToken);
            }
        }
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }
        _output.Enqueue(line);
        while (_output.Count > 50)
        {
            _output.TryDequeue(out _);
        }
    }
}
