using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using BenchmarkDotNet.Attributes;
using Pravega.Perf.Client;
using Pravega.Perf.Client.Admin;
using Pravega.Perf.Client.Streams;
using Pravega.Perf.Client.Writers;

namespace Pravega.Perf.Benchmarks.Client;

/// <summary>
/// What <c>EventStreamWriter.WriteEventAsync</c> allocates per event, against a real <c>pravega standalone</c> started as
/// a child process (so only the client's allocations are counted: the memory diagnoser sees this process alone). Each
/// invocation writes <see cref="Batch"/> events pipelined and waits for the last one to be durable.
/// Run: <c>dotnet run -c Release --project bench/Pravega.Perf.Benchmarks -- --filter '*EventWriter*'</c> (build
/// <c>controlplane/Pravega.Perf.Cli</c> in Release first).
/// </summary>
[MemoryDiagnoser]
public class EventWriterBenchmarks
{
    private const int Batch = 1000;
    private Process? _standalone;
    private string _dataDirectory = "";
    private EventStreamWriter<byte[]> _bytes = null!;
    private EventStreamWriter<string> _strings = null!;
    private byte[] _payload = [];
    private string _text = "";

    [Params(100, 1024)]
    public int EventSize { get; set; }

    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    private async Task SetupAsync()
    {
        var (controllerPort, storePort) = (FreePort(), FreePort());
        _dataDirectory = Directory.CreateTempSubdirectory("pravega-bdn-").FullName;
        var info = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in (string[])[CliPath(), "standalone", "--data-dir", _dataDirectory, "--port", controllerPort.ToString(),
                     "--segmentstore-port", storePort.ToString(), "--Logging:LogLevel:Default=Warning"])
        {
            info.ArgumentList.Add(argument);
        }
        _standalone = Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start");
        _standalone.OutputDataReceived += (_, _) => { };
        _standalone.ErrorDataReceived += (_, _) => { };
        _standalone.BeginOutputReadLine();
        _standalone.BeginErrorReadLine();
        var config = new ClientConfig { ControllerUri = new Uri($"tcp://127.0.0.1:{controllerPort}") };
        await using (var streams = new StreamManager(config))
        {
            await streams.CreateScopeAsync("bench");
            await streams.CreateStreamAsync("bench", "bytes", new StreamConfiguration { Scaling = ScalingPolicy.Fixed(1) });
            await streams.CreateStreamAsync("bench", "strings", new StreamConfiguration { Scaling = ScalingPolicy.Fixed(1) });
        }
        _bytes = await EventStreamWriter<byte[]>.CreateAsync(config, new ScopedStream("bench", "bytes"), new ByteArraySerializer());
        _strings = await EventStreamWriter<string>.CreateAsync(config, new ScopedStream("bench", "strings"), new Utf8StringSerializer());
        _payload = new byte[EventSize];
        _text = new string('x', EventSize);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _bytes.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _strings.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _standalone?.Kill(entireProcessTree: true);
        _standalone?.WaitForExit();
        Directory.Delete(_dataDirectory, recursive: true);
    }

    /// <summary>Byte-array events (the serializer hands the array over as it is).</summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    public void WriteBytes()
    {
        Task last = Task.CompletedTask;
        for (var i = 0; i < Batch; i++)
        {
            last = _bytes.WriteEventAsync("key", _payload);
        }
        Wait(last);
    }

    /// <summary>String events through <see cref="Utf8StringSerializer"/>, which encodes into the writer's buffer.</summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    public void WriteStrings()
    {
        Task last = Task.CompletedTask;
        for (var i = 0; i < Batch; i++)
        {
            last = _strings.WriteEventAsync("key", _text);
        }
        Wait(last);
    }

    /// <summary>Spins rather than awaits, so the measured method itself allocates no state machine.</summary>
    private static void Wait(Task last)
    {
        var spinner = default(SpinWait);
        while (!last.IsCompleted)
        {
            spinner.SpinOnce();
        }
        last.GetAwaiter().GetResult();
    }

    private static string CliPath()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var cli = Path.Combine(directory.FullName, "controlplane", "Pravega.Perf.Cli", "bin", "Release", "net10.0", "pravega.dll");
            if (File.Exists(cli))
            {
                return cli;
            }
        }
        throw new FileNotFoundException("build controlplane/Pravega.Perf.Cli in Release first");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
