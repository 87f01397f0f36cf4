using System.Net;
using Pravega.Perf.LoadHarness.Reporting;

namespace Pravega.Perf.LoadHarness.Hosting;

/// <summary>
/// Where a run sends its load: an existing segment store (<c>--segmentstore host:port</c>), or one spawned for the
/// run on a fresh data directory under <see cref="DataRoot"/> (<c>--spawn</c>), removed afterwards.
/// </summary>
internal sealed record SegmentStoreTarget(
    string Address,
    bool Spawn,
    string ServerDll,
    string DataRoot,
    bool KeepData,
    bool Settle,
    IReadOnlyList<string> ServerArguments)
{
    public async Task<RunResult> RunAsync(string label, Func<EndPoint, CancellationToken, Task<RunResult>> run, TextWriter progress, CancellationToken cancellationToken)
    {
        if (!Spawn)
        {
            return await run(ParseEndPoint(Address), cancellationToken).ConfigureAwait(false);
        }
        var runDir = Path.Combine(DataRoot, $"{DateTime.UtcNow:yyyyMMdd-HHmmss}-{Sanitize(label)}");
        var dataDir = Path.Combine(runDir, "data");
        RunResult? result = null;
        try
        {
            await using var store = await SpawnedSegmentStore.StartAsync(ServerDll, dataDir, ServerArguments, cancellationToken).ConfigureAwait(false);
            progress.WriteLine($"spawned segment store: pid {store.ProcessId}, port {store.Port}, data {dataDir}, log {store.LogPath}");
            if (Settle)
            {
                var started = System.Diagnostics.Stopwatch.GetTimestamp();
                var written = await store.WaitUntilSettledAsync(TimeSpan.FromSeconds(120), cancellationToken).ConfigureAwait(false);
                if (written is { } bytes)
                {
                    progress.WriteLine($"store settled: it wrote {bytes / 1048576.0:F0} MiB while idle, {System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds:F1} s");
                }
            }
            result = await run(store.EndPoint, cancellationToken).ConfigureAwait(false);
            return result;
        }
        finally
        {
            if (!KeepData)
            {
                DeleteQuietly(dataDir);
                if (result is { Error: null })
                {
                    DeleteQuietly(runDir);
                }
                else
                {
                    progress.WriteLine($"kept the segment store log in {runDir}");
                }
            }
        }
    }

    public static EndPoint ParseEndPoint(string address)
    {
        if (IPEndPoint.TryParse(address, out var ip) && ip.Port != 0)
        {
            return ip;
        }
        var colon = address.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(address.AsSpan(colon + 1), out var port) || port is <= 0 or > 65535)
        {
            throw new FormatException($"'{address}' is not host:port");
        }
        return new DnsEndPoint(address[..colon], port);
    }

    private static string Sanitize(string label) =>
        string.Concat(label.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-')).Trim('-');

    private static void DeleteQuietly(string path)
    {
        try
        {
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
        }
        catch (IOException)
        {
            // Best effort: a leftover folder under the data root is harmless.
        }
        catch (UnauthorizedAccessException)
        {
            // Same.
        }
    }
}
