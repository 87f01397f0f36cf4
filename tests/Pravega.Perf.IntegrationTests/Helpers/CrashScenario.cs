using System.Collections.Concurrent;
using Pravega.Perf.Common;
using Pravega.Perf.Testing.WireClient;

namespace Pravega.Perf.IntegrationTests.Helpers;

/// <summary>
/// The crash test with real processes: the segment store runs as a child process and is killed with SIGKILL at
/// seeded random moments while writers append; after each restart the writers reconnect, learn the last stored
/// event number from SETUP_APPEND and retransmit the rest.
/// </summary>
public static class CrashScenario
{
    private const int WriterCount = 4;

    /// <summary>
    /// Runs <paramref name="cycles"/> start/append/SIGKILL cycles of a child segment store (started with
    /// <paramref name="extraArguments"/>), then restarts it once more and checks that every acknowledged event is stored
    /// exactly once, in per-writer order, with nothing torn visible. Returns the last lines the child logged.
    /// </summary>
    public static async Task<string> RunAsync(string prefix, IReadOnlyList<string> extraArguments, int cycles, int minAcksPerCycle,
        int seed, TimeSpan timeout)
    {
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        bound.CancelAfter(timeout);
        var random = new Random(seed);
        var directory = Directory.CreateTempSubdirectory(prefix).FullName;
        var port = PravegaProcess.FreePort();
        string[] segments = [Segments.NewName("crash"), Segments.NewName("crash")];
        var writers = Enumerable.Range(0, WriterCount)
            .Select(i => new CrashWriter(i, Uuid.NewRandom(), segments[i % segments.Length], blockSize: (i % 2) * 4096)).ToArray();
        var violations = new ConcurrentQueue<string>();
        PravegaProcess? child = null;
        try
        {
            for (var cycle = 0; cycle <= cycles; cycle++)
            {
                child = await PravegaProcess.StartAsync(directory, port, bound.Token, extraArguments);
                if (cycle == 0)
                {
                    await using var admin = await WireTestClient.ConnectAsync(child.EndPoint, 0, bound.Token);
                    foreach (var segment in segments)
                    {
                        await admin.CreateSegmentAsync(segment);
                    }
                }
                if (cycle == cycles)
                {
                    break;
                }
                var acks = new StrongBox();
                using var stop = CancellationTokenSource.CreateLinkedTokenSource(bound.Token);
                var running = writers.Select(w => w.RunAsync(child.EndPoint, acks, violations, stop.Token)).ToArray();
                while (Volatile.Read(ref acks.Value) < minAcksPerCycle && running.Any(t => !t.IsCompleted))
                {
                    await Task.Delay(10, bound.Token);
                }
                await Task.Delay(random.Next(0, 400), bound.Token);
                child.Kill();
                await stop.CancelAsync();
                await Task.WhenAll(running);
                TestContext.Current.TestOutputHelper?.WriteLine(
                    $"cycle {cycle}: {acks.Value} acks, acknowledged up to [{string.Join(", ", writers.Select(w => w.Acked))}]");
                await child.DisposeAsync();
                child = null;
                Assert.True(violations.IsEmpty, $"cycle {cycle}: {string.Join("; ", violations)}");
            }

            Assert.True(writers.All(w => w.Acked > 0), "every writer got acknowledgements");
            await using var reader = await WireTestClient.ConnectAsync(child!.EndPoint, 0, bound.Token);
            await reader.HelloAsync();
            var stored = new Dictionary<Uuid, long>();
            foreach (var writer in writers)
            {
                var last = await reader.SetupAppendAsync(writer.Id, writer.Segment, reader.NextRequestId());
                Assert.True(last >= writer.Acked, $"writer {writer.Index}: stored up to {last}, but {writer.Acked} was acknowledged");
                stored[writer.Id] = last;
                TestContext.Current.TestOutputHelper?.WriteLine($"writer {writer.Index}: acknowledged {writer.Acked}, stored {last}");
            }
            foreach (var segment in segments)
            {
                var bytes = await reader.ReadAllAsync(segment);
                var next = writers.Where(w => w.Segment == segment).ToDictionary(w => w.Index, _ => 1L);
                foreach (var payload in EventParser.Parse(bytes))
                {
                    var (index, number) = CrashWriter.Identify(payload);
                    Assert.True(next.ContainsKey(index), $"{segment}: an event of writer {index}, which does not write there");
                    Assert.True(number == next[index], $"{segment}: writer {index} event {number} where {next[index]} was due (duplicate, gap or reorder)");
                    Check.Bytes(CrashWriter.Payload(index, number), payload, $"writer {index} event {number}");
                    next[index] = number + 1;
                }
                foreach (var writer in writers.Where(w => w.Segment == segment))
                {
                    Check.Equal(stored[writer.Id], next[writer.Index] - 1, $"writer {writer.Index}: events in the segment vs SETUP_APPEND's last event number");
                }
            }
            return child.RecentOutput;
        }
        finally
        {
            if (child is not null)
            {
                await child.DisposeAsync();
            }
            Directory.Delete(directory, recursive: true);
        }
    }
}
