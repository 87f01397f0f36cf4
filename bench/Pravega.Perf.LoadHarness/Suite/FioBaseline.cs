using System.Diagnostics;
using System.Globalization;

namespace Pravega.Perf.LoadHarness.Suite;

/// <summary>Runs <c>bench/fio-baseline.sh</c> on the data root's disk and reads its <c>fio_write_MBps=</c> line.</summary>
internal static class FioBaseline
{
    private const string ResultPrefix = "fio_write_MBps=";

    public static async Task<double> MeasureAsync(string script, string directory, string size, int runtimeSeconds, TextWriter progress, CancellationToken cancellationToken)
    {
        if (!File.Exists(script))
        {
            throw new FileNotFoundException($"no fio script at {script}; pass --fio-script", script);
        }
        var start = new ProcessStartInfo("bash")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in (string[])[script, directory, size, runtimeSeconds.ToString(CultureInfo.InvariantCulture)])
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException("bash did not start");
        var errors = PumpAsync(process.StandardError, progress, cancellationToken);
        var output = await process.StandardOutput.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        await errors.ConfigureAwait(false);
        var line = output.Split('\n').Select(l => l.Trim()).LastOrDefault(l => l.StartsWith(ResultPrefix, StringComparison.Ordinal));
        if (process.ExitCode != 0 || line is null
            || !double.TryParse(line.AsSpan(ResultPrefix.Length), NumberStyles.Float, CultureInfo.InvariantCulture, out var mbps) || mbps <= 0)
        {
            throw new InvalidOperationException($"fio baseline failed (exit code {process.ExitCode}): {output.Trim()}");
        }
        return mbps;
    }

    private static async Task PumpAsync(StreamReader reader, TextWriter progress, CancellationToken cancellationToken)
    {
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            progress.WriteLine(line);
        }
    }
}
