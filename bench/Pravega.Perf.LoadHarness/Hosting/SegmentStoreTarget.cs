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
    /// <summary>
    /// Runs <paramref name="run"/> against the target. Its second argument waits, for a spawned store with
    /// <see cref="Settle"/>, until the store stops writing on its own (nothing to wait for otherwise).
    /// </summary>
    public async Task<RunResult> RunAsync(string label, Func<EndPoint, Func<CancellationToken, Task>, CancellationToken, Task<RunResult>> run, TextWriter progress, CancellationToken cancellationToken)
    {
        if (!Spawn)
        {
            return await run(ParseEndPoint(Address), _ => Task.CompletedTask, cancellationToken).ConfigureAwait(false);
        }
        var runDir = Path.Combine(DataRoot, $"{DateTime.UtcNow:yyyyMMdd-HHmmss}-{Sanitize(label)}");
        var dataDir = Path.Combine(runDir, "data");
        RunResult? result = null;
        try
        {
            await using var store = await SpawnedSegmentStore.StartAsync(ServerDll, dataDir, ServerArguments, cancellationToken).ConfigureAwait(false);
            progress.WriteLine($"spawned segment store: pid {store.ProcessId}, port {store.Port}, data {dataDir}, log {store.LogPath}");
            result = await run(store.EndPoint, async ct =>
            {
                if (!Settle)
                {
                    return;
                }
                var started = System.Diagnostics.Stopwatch.GetTimestamp();
                var written = await store.WaitUntilSettledAsync(TimeSpan.FromSeconds(120), ct).ConfigureAwait(false);
                if (written is { } bytes)
                {
                    progress.WriteLine($"store settled: after the first append of every session it wrote {bytes / 1048576.0:F0} MiB on its own in {System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds:F1} s");
                }
            }, cancellationToken).ConfigureAwait(false);
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
