using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Pravega.Perf.LoadHarness.Hosting;

/// <summary>
/// A segment store the harness starts itself (<c>dotnet pravega.dll segmentstore --data-dir … --port …</c>, or inside
/// <c>pravega standalone</c> with <c>--segmentstore-port</c>) on a free loopback port and a fresh data directory, with
/// its output in a log file beside the data, and kills when done, so one command measures end to end.
/// </summary>
internal sealed class SpawnedSegmentStore : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;

    private SpawnedSegmentStore(Process process, StreamWriter log, int port, string logPath)
    {
        _process = process;
        _log = log;
        Port = port;
        LogPath = logPath;
    }

    public int Port { get; }

    public string LogPath { get; }

    public int ProcessId => _process.Id;

    public EndPoint EndPoint => new IPEndPoint(IPAddress.Loopback, Port);

    public static async Task<SpawnedSegmentStore> StartAsync(string serverDll, string dataDir, IReadOnlyList<string> extraArguments, CancellationToken cancellationToken,
        bool standalone = false)
    {
        if (!File.Exists(serverDll))
        {
            throw new FileNotFoundException($"no segment store host at {serverDll}; build it with `{RepositoryPaths.ServerBuildCommand}` or pass --server-dll", serverDll);
        }
        Directory.CreateDirectory(dataDir);
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        string[] verb = standalone ? ["standalone", "--segmentstore-port"] : ["segmentstore", "--port"];
        foreach (var argument in (string[])[serverDll, verb[0], "--data-dir", dataDir, verb[1], port.ToString(), .. extraArguments])
        {
            start.ArgumentList.Add(argument);
        }
        var logPath = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(dataDir))!, verb[0] + ".log");
        var log = new StreamWriter(logPath) { AutoFlush = true };
        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        process.OutputDataReceived += (_, e) => WriteLine(log, e.Data);
        process.ErrorDataReceived += (_, e) => WriteLine(log, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var store = new SpawnedSegmentStore(process, log, port, logPath);
        try
        {
            await store.WaitUntilListeningAsync(TimeSpan.FromSeconds(60), cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await store.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        return store;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            // The data directory is thrown away, so there is nothing to shut down gracefully for.
            _process.Kill(entireProcessTree: true);
        }
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await _process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Still exiting after 30 s: leave it to the OS; the log says what happened.
        }
        _process.Dispose();
        lock (_log)
        {
            _log.Dispose();
        }
    }

    /// <summary>
    /// Waits until the store stops writing to disk on its own (it lays out WAL files, 256 MiB of zeros each, when a
    /// container first writes and ahead of need: on a fresh data directory GiBs that would otherwise compete with
    /// the first seconds of load). Reads the process's write counter in /proc; returns the bytes written while waiting, or
    /// null where /proc is not available.
    /// </summary>
    public async Task<long?> WaitUntilSettledAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var first = WrittenBytes();
        if (first is null)
        {
            return null;
        }
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        var last = first.Value;
        while (Stopwatch.GetTimestamp() < deadline && !_process.HasExited)
        {
            await Task.Delay(1000, cancellationToken).ConfigureAwait(false);
            var now = WrittenBytes() ?? last;
            if (now - last < (1 << 20))
            {
                break;
            }
            last = now;
        }
        return last - first.Value;
    }

    /// <summary>
    /// The <c>write_bytes</c> line of /proc/&lt;pid&gt;/io: bytes the process sent (or caused to be sent) to the block
    /// layer, O_DIRECT writes and dirtied page-cache pages alike, tmpfs excluded (proc(5)); null where /proc is not
    /// available. Writes of the file system's journal are not the process's and are not counted.
    /// </summary>
    public long? DiskWrittenBytes() => ReadIoCounter("write_bytes:");

    /// <summary>The <c>wchar</c> line of /proc/&lt;pid&gt;/io: bytes the process passed to write calls.</summary>
    private long? WrittenBytes() => ReadIoCounter("wchar:");

    private long? ReadIoCounter(string field)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{_process.Id}/io"))
            {
                if (line.StartsWith(field, StringComparison.Ordinal) && long.TryParse(line.AsSpan(field.Length).Trim(), out var value))
                {
                    return value;
                }
            }
        }
        catch (IOException)
        {
            // Not Linux, or the process is gone.
        }
        catch (UnauthorizedAccessException)
        {
            // Same.
        }
        return null;
    }

    /// <summary>Waits until something of the process's listens on <paramref name="port"/> (e.g. the standalone's
    /// controller, which starts after the store), or throws if the process exits or the timeout passes.</summary>
    public Task WaitUntilListeningAsync(int port, TimeSpan timeout, CancellationToken cancellationToken) =>
        WaitUntilListeningAsync(new IPEndPoint(IPAddress.Loopback, port), timeout, cancellationToken);

    private Task WaitUntilListeningAsync(TimeSpan timeout, CancellationToken cancellationToken) =>
        WaitUntilListeningAsync(EndPoint, timeout, cancellationToken);

    private async Task WaitUntilListeningAsync(EndPoint endPoint, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"the segment store exited with code {_process.ExitCode} before listening: {Tail()}");
            }
            using (var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
            {
                try
                {
                    await probe.ConnectAsync(endPoint, cancellationToken).ConfigureAwait(false);
                    return;
                }
                catch (SocketException) when (Stopwatch.GetTimestamp() < deadline)
                {
                    // Not listening yet.
                }
                catch (SocketException e)
                {
                    throw new TimeoutException($"the segment store did not listen on {endPoint} within {timeout.TotalSeconds:F0} s: {e.Message}; {Tail()}");
                }
            }
            await Task.Delay(100, cancellationToken).ConfigureAwait(false);
        }
    }

    private string Tail()
    {
        lock (_log)
        {
            _log.Flush();
        }
        try
        {
            var lines = File.ReadAllLines(LogPath);
            return string.Join(Environment.NewLine, lines.TakeLast(20));
        }
        catch (IOException)
        {
            return $"(see {LogPath})";
        }
    }

    private static void WriteLine(StreamWriter log, string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (log)
        {
            if (log.BaseStream is not null)
            {
                log.WriteLine(line);
            }
        }
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
