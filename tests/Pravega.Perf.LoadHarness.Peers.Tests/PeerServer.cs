using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Pravega.Perf.LoadHarness.Peers.Tests;

/// <summary>
/// A peer started by its script in bench/peers (which installs it with apt-get when missing) on a free loopback port
/// with data in a fresh folder, and stopped by the pid that script wrote. A test is skipped only when the script says
/// the install is impossible (exit status 3); any other failure to start fails it.
/// </summary>
internal sealed class PeerServer : IAsyncDisposable
{
    private const int InstallImpossible = 3;
    private readonly string _script;
    private readonly string _pidFile;
    private readonly DirectoryInfo _data;

    private PeerServer(string script, string pidFile, DirectoryInfo data, int port, string durability)
    {
        _script = script;
        _pidFile = pidFile;
        _data = data;
        Port = port;
        Durability = durability;
    }

    public int Port { get; }

    /// <summary>The script's <c>durability=</c> line.</summary>
    public string Durability { get; }

    /// <summary>Runs <c>bench/peers/&lt;peer&gt;.sh start &lt;fresh dir&gt; &lt;free port&gt;</c>.</summary>
    public static async Task<PeerServer> StartAsync(string peer)
    {
        var script = Path.Combine(RepositoryRoot(), "bench", "peers", peer + ".sh");
        var data = Directory.CreateTempSubdirectory($"pravega-peer-{peer}-");
        var port = FreePort();
        var (exitCode, output, error) = await RunAsync(script, "start", data.FullName, port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (exitCode == InstallImpossible)
        {
            data.Delete(recursive: true);
            Assert.Skip($"{peer} cannot be installed here with apt-get: {error.Trim()}");
        }
        Assert.True(exitCode == 0, $"{script} start exited {exitCode}: {error}");
        var values = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split('=', 2)).Where(pair => pair.Length == 2).ToDictionary(pair => pair[0], pair => pair[1]);
        return new PeerServer(script, values["pidfile"], data, port, values["durability"]);
    }

    public async ValueTask DisposeAsync()
    {
        var (exitCode, _, error) = await RunAsync(_script, "stop", _pidFile);
        _data.Delete(recursive: true);
        Assert.True(exitCode == 0, $"{_script} stop exited {exitCode}: {error}");
    }

    private static async Task<(int ExitCode, string Output, string Error)> RunAsync(string script, params string[] arguments)
    {
        var info = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(script);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        using var process = Process.Start(info) ?? throw new InvalidOperationException("bash did not start");
        // The server the script starts in the background inherits its pipes: read to the end would wait for the
        // server, so the script's own exit ends the wait and the output read so far is what it printed.
        var output = new System.Text.StringBuilder();
        var error = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (error) { error.AppendLine(e.Data); } } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        await Task.Delay(50);
        lock (output)
        {
            lock (error)
            {
                return (process.ExitCode, output.ToString(), error.ToString());
            }
        }
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "bench", "peers", "nats.sh")))
            {
                return directory.FullName;
            }
        }
        throw new DirectoryNotFoundException("no bench/peers above " + AppContext.BaseDirectory);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
