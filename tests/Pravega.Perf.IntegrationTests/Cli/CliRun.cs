using System.Diagnostics;
using Pravega.Perf.IntegrationTests.Helpers;

namespace Pravega.Perf.IntegrationTests.Cli;

/// <summary>One run of the built <c>pravega.dll</c> as a separate process: its exit code and what it printed.</summary>
public sealed record CliResult(int ExitCode, string Out, string Error)
{
    public string[] Lines => Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    public override string ToString() => $"exit {ExitCode}; stdout: {Out[..Math.Min(Out.Length, 2000)]}; stderr: {Error}";
}

/// <summary>Starts <c>dotnet pravega.dll …</c> (stdin, environment and working folder optional) and waits, bounded.</summary>
public static class CliRun
{
    public static Process Start(IEnumerable<string> arguments, string? workingDirectory = null, IReadOnlyDictionary<string, string>? environment = null,
        string fileName = "dotnet", bool cli = true)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Directory.GetCurrentDirectory(),
        };
        if (cli)
        {
            info.ArgumentList.Add(PravegaProcess.LocateCli());
        }
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }
        return Process.Start(info) ?? throw new InvalidOperationException($"{fileName} did not start");
    }

    public static async Task<CliResult> WaitAsync(Process process, string? input, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bound.CancelAfter(timeout);
        var stdout = process.StandardOutput.ReadToEndAsync(bound.Token);
        var stderr = process.StandardError.ReadToEndAsync(bound.Token);
        if (input is not null)
        {
            await process.StandardInput.WriteAsync(input.AsMemory(), bound.Token);
        }
        process.StandardInput.Close();
        try
        {
            await process.WaitForExitAsync(bound.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        return new CliResult(process.ExitCode, await stdout, await stderr);
    }

    public static Task<CliResult> RunAsync(CancellationToken cancellationToken, params string[] arguments) =>
        RunAsync(arguments, null, cancellationToken);

    public static async Task<CliResult> RunAsync(IEnumerable<string> arguments, string? input, CancellationToken cancellationToken)
    {
        using var process = Start(arguments);
        return await WaitAsync(process, input, TimeSpan.FromSeconds(60), cancellationToken);
    }
}
