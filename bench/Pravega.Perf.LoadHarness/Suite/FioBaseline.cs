using System.Diagnostics;
using System.Globalization;

namespace Pravega.Perf.LoadHarness.Suite;

/// <summary>Runs <c>bench/fio-baseline.sh</c> on the data root's disk and reads its <c>fio_write_MBps=</c> line.</summary>
internal static class FioBaseline
{
    public static async Task<FioFigures> MeasureAsync(string script, string directory, string size, int runtimeSeconds, TextWriter progress, CancellationToken cancellationToken)
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
        var lines = output.Split('\n', StringSplitOptions.TrimEntries);
        var mbps = Figure(lines, "fio_write_MBps=");
        if (process.ExitCode != 0 || mbps is not > 0)
        {
            throw new InvalidOperationException($"fio baseline failed (exit code {process.ExitCode}): {output.Trim()}");
        }
        return new FioFigures(mbps.Value, Figure(lines, "fio_sync_p50_ms=") ?? 0, Figure(lines, "fio_sync_p99_ms=") ?? 0);
    }

    private static double? Figure(string[] lines, string prefix)
    {
        var line = lines.LastOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal));
        return line is not null && double.TryParse(line.AsSpan(prefix.Length), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : null;
    }

    private static async Task PumpAsync(StreamReader reader, TextWriter progress, CancellationToken cancellationToken)
    {
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            progress.WriteLine(line);
        }
    }
}
